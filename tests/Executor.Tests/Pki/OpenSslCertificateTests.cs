using System.Globalization;
using System.Text.RegularExpressions;
using Executor.Pki;
using Executor.Tests.TestKit;

namespace Executor.Tests.Pki;

/// <summary>
/// Every generated certificate and key checked from outside with Debian's openssl: chains, key pairs, subjects,
/// validity, extensions, signature algorithm, serials and fingerprints, for each key type.
/// </summary>
public sealed class OpenSslCertificateTests
{
    public static TheoryData<string> KeyTypes => GeneratedPki.Cases;

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void EachCa_VerifiesAgainstItself_Strictly(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);

        // When / Then
        foreach (var ca in new[] { "issuing_ca.pem", "controller_ca.pem" })
        {
            var output = OpenSsl.Ok("verify", "-x509_strict", "-attime", pki.During, "-CAfile", pki.File(ca), pki.File(ca));
            Assert.Equal($"{pki.File(ca)}: OK\n", output);
        }
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void ControllerCert_VerifiesAgainstTheControllerCa_AsClientAndServer(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);

        // When / Then
        foreach (var purpose in new[] { "sslclient", "sslserver" })
        {
            var output = OpenSsl.Ok("verify", "-x509_strict", "-purpose", purpose, "-attime", pki.During,
                "-CAfile", pki.File("controller_ca.pem"), pki.File("controller_cert.pem"));
            Assert.Equal($"{pki.File("controller_cert.pem")}: OK\n", output);
        }
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void ControllerCert_DoesNotVerifyAgainstTheIssuingCa_AndTheCasDiffer(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);

        // When
        var wrongCa = OpenSsl.Fails(null, "verify", "-attime", pki.During, "-CAfile", pki.File("issuing_ca.pem"), pki.File("controller_cert.pem"));
        var crossed = OpenSsl.Fails(null, "verify", "-attime", pki.During, "-CAfile", pki.File("controller_ca.pem"), pki.File("issuing_ca.pem"));

        // Then
        Assert.Contains("unable to get local issuer certificate", wrongCa);
        Assert.Contains("self-signed certificate", crossed);
        Assert.NotEqual(Subject(pki.File("issuing_ca.pem")), Subject(pki.File("controller_ca.pem")));
        Assert.NotEqual(PublicKey(pki.File("issuing_ca.pem")), PublicKey(pki.File("controller_ca.pem")));
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void EveryPrivateKey_MatchesItsCertificate(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);
        var pairs = new[]
        {
            ("issuing_ca.pem", "issuing_ca_key.pem"),
            ("controller_ca.pem", "controller_ca_key.pem"),
            ("controller_cert.pem", "controller_key.pem"),
            ("controller_cert_bundle.pem", "controller_cert_bundle.pem"),
        };

        // When / Then
        foreach (var (certificate, key) in pairs)
        {
            var fromKey = OpenSsl.OkWith(GeneratedPki.PassphraseEnvironment, "pkey", "-in", pki.File(key), "-passin", $"env:{GeneratedPki.PassphraseVariable}", "-pubout");
            Assert.Equal(PublicKey(pki.File(certificate)), fromKey);
        }

        Assert.Equal(3, new[] { "issuing_ca.pem", "controller_ca.pem", "controller_cert.pem" }.Select(c => PublicKey(pki.File(c))).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void Text_ShowsVersionSubjectsIssuersKeyAndSha256Signature(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);
        var cases = new[]
        {
            ("issuing_ca.pem", pki.Request.IssuingCa, pki.Request.IssuingCa),
            ("controller_ca.pem", pki.Request.ControllerCa, pki.Request.ControllerCa),
            ("controller_cert.pem", pki.Request.ControllerCert, pki.Request.ControllerCa),
        };

        foreach (var (file, subject, issuer) in cases)
        {
            // When
            var text = OpenSsl.Ok("x509", "-in", pki.File(file), "-noout", "-text");

            // Then
            Assert.Contains("Version: 3 (0x2)", text);
            Assert.Contains($"Subject: {OneLine(subject)}\n", text);
            Assert.Contains($"Issuer: {OneLine(issuer)}\n", text);
            if (pki.KeyType.IsRsa())
            {
                Assert.Equal(2, Regex.Count(text, "Signature Algorithm: sha256WithRSAEncryption"));
                Assert.Contains($"Public-Key: ({pki.KeyType.Name()[3..]} bit)", text);
                Assert.Contains("Exponent: 65537 (0x10001)", text);
            }
            else
            {
                Assert.Equal(2, Regex.Count(text, "Signature Algorithm: ecdsa-with-SHA256"));
                Assert.Contains("Public-Key: (256 bit)", text);
                Assert.Contains("ASN1 OID: prime256v1", text);
                Assert.Contains("NIST CURVE: P-256", text);
            }
        }
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void Validity_RunsFromAMinuteBeforeGenerationForTheRequestedLength(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);

        foreach (var credential in pki.Set.All)
        {
            var file = credential.IsCa ? (credential.Role == "issuing CA" ? "issuing_ca.pem" : "controller_ca.pem") : "controller_cert.pem";

            // When
            var dates = OpenSsl.Ok("x509", "-in", pki.File(file), "-noout", "-dateopt", "iso_8601", "-startdate", "-enddate");

            // Then
            var notBefore = ParseIso(Regex.Match(dates, "notBefore=(.*)").Groups[1].Value);
            var notAfter = ParseIso(Regex.Match(dates, "notAfter=(.*)").Groups[1].Value);
            Assert.Equal(pki.NotBefore, notBefore);
            Assert.Equal(pki.Validity, notAfter - notBefore);
            Assert.Equal(notBefore, credential.NotBefore);
            Assert.Equal(notAfter, credential.NotAfter);
        }

        // Outside the validity, verification fails for the right reason.
        var before = (pki.NotBefore - TimeSpan.FromSeconds(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var after = (pki.NotAfter + TimeSpan.FromSeconds(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Contains("certificate is not yet valid", OpenSsl.Fails(null, "verify", "-attime", before, "-CAfile", pki.File("controller_ca.pem"), pki.File("controller_cert.pem")));
        Assert.Contains("certificate has expired", OpenSsl.Fails(null, "verify", "-attime", after, "-CAfile", pki.File("controller_ca.pem"), pki.File("controller_cert.pem")));
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void Cas_AreCriticalCaTrueForCertificateAndCrlSigning_WithKeyIdentifiers(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);

        foreach (var file in new[] { "issuing_ca.pem", "controller_ca.pem" })
        {
            // When
            var text = OpenSsl.Ok("x509", "-in", pki.File(file), "-noout", "-text");

            // Then
            Assert.Contains("X509v3 Basic Constraints: critical\n                CA:TRUE\n", text);
            Assert.Contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign\n", text);
            Assert.DoesNotContain("Extended Key Usage", text);
            Assert.Equal(KeyIdentifier(text, "Subject"), KeyIdentifier(text, "Authority"));
        }
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void ControllerCert_IsCaFalseForClientAndServerAuth_IdentifyingTheControllerCa(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);

        // When
        var text = OpenSsl.Ok("x509", "-in", pki.File("controller_cert.pem"), "-noout", "-text");
        var ca = OpenSsl.Ok("x509", "-in", pki.File("controller_ca.pem"), "-noout", "-text");

        // Then
        Assert.Contains("X509v3 Basic Constraints: critical\n                CA:FALSE\n", text);
        var usage = pki.KeyType.IsRsa() ? "Digital Signature, Key Encipherment" : "Digital Signature";
        Assert.Contains($"X509v3 Key Usage: critical\n                {usage}\n", text);
        Assert.Contains("X509v3 Extended Key Usage: \n                TLS Web Client Authentication, TLS Web Server Authentication\n", text);
        Assert.Equal(KeyIdentifier(ca, "Subject"), KeyIdentifier(text, "Authority"));
        Assert.NotEqual(KeyIdentifier(text, "Subject"), KeyIdentifier(text, "Authority"));
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void Serials_AreDistinctPositive128BitNumbers_AndFingerprintsMatch(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);
        var files = new[] { "issuing_ca.pem", "controller_ca.pem", "controller_cert.pem" };

        // When
        var facts = files.Select(f => OpenSsl.Ok("x509", "-in", pki.File(f), "-noout", "-serial", "-fingerprint", "-sha256")).ToList();

        // Then
        var serials = facts.Select(f => Regex.Match(f, "serial=([0-9A-F]+)").Groups[1].Value).ToList();
        Assert.All(serials, s => Assert.Matches("^[89A-F][0-9A-F]{31}$", s));
        Assert.Equal(3, serials.Distinct().Count());
        Assert.Equal(pki.Set.All.Select(c => c.SerialHex), serials);
        var fingerprints = facts.Select(f => Regex.Match(f, "sha256 Fingerprint=([0-9A-F:]+)").Groups[1].Value);
        Assert.Equal(pki.Set.All.Select(c => c.Sha256Fingerprint), fingerprints);
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void CaKeys_AreEncryptedWithPbes2Aes256_AndOpenOnlyWithThePassphrase(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);
        var wrong = new Dictionary<string, string> { [GeneratedPki.PassphraseVariable] = GeneratedPki.Passphrase[..^1] };

        foreach (var file in new[] { "issuing_ca_key.pem", "controller_ca_key.pem" })
        {
            var path = pki.File(file);

            // When
            var structure = OpenSsl.Ok("asn1parse", "-in", path);
            var opened = OpenSsl.OkWith(GeneratedPki.PassphraseEnvironment, "pkey", "-in", path, "-passin", $"env:{GeneratedPki.PassphraseVariable}", "-noout", "-text");

            // Then
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", File.ReadAllText(path));
            foreach (var part in new[] { ":PBES2", ":PBKDF2", ":hmacWithSHA256", ":aes-256-cbc" })
            {
                Assert.Contains(part, structure);
            }

            Assert.Contains("Private-Key:", opened);
            Assert.Contains("bad decrypt", OpenSsl.Fails(wrong, "pkey", "-in", path, "-passin", $"env:{GeneratedPki.PassphraseVariable}", "-noout"));
            OpenSsl.Fails(null, "pkey", "-in", path, "-passin", "pass:", "-noout");
            OpenSsl.Fails(null, "pkey", "-in", path, "-passin", "pass:wrong", "-noout");
        }
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void ControllerKey_IsPlain_AndTheBundleIsTheCertificateThenTheKey(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);
        var certificate = File.ReadAllText(pki.File("controller_cert.pem"));
        var key = File.ReadAllText(pki.File("controller_key.pem"));

        // When
        var opened = OpenSsl.Ok("pkey", "-in", pki.File("controller_key.pem"), "-passin", "pass:", "-noout", "-text");
        var bundle = File.ReadAllText(pki.File("controller_cert_bundle.pem"));

        // Then
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", key);
        Assert.Contains("Private-Key:", opened);
        Assert.Equal(certificate + key, bundle);
        OpenSsl.Ok("verify", "-attime", pki.During, "-CAfile", pki.File("controller_ca.pem"), pki.File("controller_cert_bundle.pem"));
    }

    [Theory]
    [MemberData(nameof(KeyTypes))]
    public void Files_AreWrittenWithTheRightModes(string keyType)
    {
        // Given
        var pki = GeneratedPki.For(keyType);
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        // When / Then
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(pki.Directory));
        foreach (var name in new[] { "issuing_ca.pem", "controller_ca.pem", "controller_cert.pem" })
        {
            Assert.Equal(Public, File.GetUnixFileMode(pki.File(name)));
        }

        foreach (var name in new[] { "issuing_ca_key.pem", "controller_ca_key.pem", "controller_key.pem", "controller_cert_bundle.pem" })
        {
            Assert.Equal(Private, File.GetUnixFileMode(pki.File(name)));
        }

        Assert.Equal(Private, File.GetUnixFileMode(pki.JujuFile));
        Assert.Equal(7, Directory.GetFiles(pki.Directory).Length);
    }

    private static string Subject(string file) => OpenSsl.Ok("x509", "-in", file, "-noout", "-subject");

    private static string PublicKey(string certificate) => OpenSsl.Ok("x509", "-in", certificate, "-noout", "-pubkey");

    /// <summary>The subject as <c>openssl x509 -text</c> prints it: <c>C = US, O = Example Cloud, CN = x</c>.</summary>
    private static string OneLine(PkiSubject subject) => string.Join(", ", subject.Attributes.Select(a => $"{a.Key} = {a.Value}"));

    private static string KeyIdentifier(string text, string which)
    {
        var match = Regex.Match(text, $"X509v3 {which} Key Identifier: \n +([0-9A-F:]+)\n");
        Assert.True(match.Success, $"no {which} Key Identifier in:\n{text}");
        return match.Groups[1].Value;
    }

    private static DateTimeOffset ParseIso(string value) =>
        DateTimeOffset.ParseExact(value.Trim(), "yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
