using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Executor.Pki;

/// <summary>
/// Generates the OpenStack charms' Octavia PKI with BouncyCastle: the issuing CA (key and self-signed certificate),
/// the controller CA (likewise), and the controller certificate signed by the controller CA. X.509 v3, SHA-256
/// signatures, random positive 128-bit serials, subject and authority key identifiers; CAs with a critical
/// <c>CA:TRUE</c> and <c>keyCertSign, cRLSign</c>; the controller certificate with <c>CA:FALSE</c>,
/// <c>digitalSignature</c> (and <c>keyEncipherment</c> for RSA), and <c>clientAuth, serverAuth</c>.
/// Time and randomness are injected: with a fixed clock and a seeded generator the output is reproducible.
/// </summary>
public sealed class PkiGenerator
{
    /// <summary>How far before "now" certificates start, so a peer whose clock is a little behind accepts them.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private static readonly BigInteger RsaPublicExponent = BigInteger.ValueOf(65537);

    private readonly TimeProvider _time;
    private readonly SecureRandom _random;

    /// <param name="time">Gives the generation time (notBefore is that less <see cref="ClockSkew"/>).</param>
    /// <param name="random">The source of every random value: keys, serial numbers, salts, IVs and ECDSA nonces.</param>
    public PkiGenerator(TimeProvider time, SecureRandom random)
    {
        _time = time;
        _random = random;
    }

    /// <summary>Generates the full set; throws <see cref="PkiException"/> for a request that cannot be honoured.</summary>
    public PkiSet Generate(PkiRequest request)
    {
        if (request.Validity < TimeSpan.FromDays(1))
        {
            throw new PkiException("certificates need at least one day of validity");
        }

        var issuingName = request.IssuingCa.ToX509Name();
        var controllerCaName = request.ControllerCa.ToX509Name();
        var controllerName = request.ControllerCert.ToX509Name();
        if (issuingName.Equivalent(controllerCaName))
        {
            // OpenSSL matches names without regard to case or repeated spaces, so "equivalent" is the test, not "equal".
            throw new PkiException($"the issuing CA and the controller CA have the same subject ({request.IssuingCa}): Octavia needs two different CAs");
        }

        var keys = GenerateKeys(request.KeyType);
        var now = _time.GetUtcNow().ToUniversalTime();
        var notBefore = WholeSeconds(now - ClockSkew);
        var notAfter = WholeSeconds(notBefore + request.Validity);

        var issuing = Issue(request.KeyType, issuingName, keys[0].Public, issuingName, keys[0], ca: true, notBefore, notAfter);
        var controllerCa = Issue(request.KeyType, controllerCaName, keys[1].Public, controllerCaName, keys[1], ca: true, notBefore, notAfter);
        var controller = Issue(request.KeyType, controllerName, keys[2].Public, controllerCaName, keys[1], ca: false, notBefore, notAfter);

        // PBKDF2's 600,000 rounds cost about as much as an EC key pair: the two CA keys are encrypted in parallel,
        // with salts and IVs drawn in order beforehand.
        var saltsAndIvs = Enumerable.Range(0, 4).Select(_ => SecureRandom.GetNextBytes(_random, 16)).ToArray();
        var encryptedKeys = new string[2];
        Parallel.For(0, 2, i => encryptedKeys[i] = EncryptedPrivateKey.EncryptedPem(keys[i].Private, request.Passphrase, saltsAndIvs[2 * i], saltsAndIvs[(2 * i) + 1]));
        return new PkiSet
        {
            KeyType = request.KeyType,
            IssuingCa = Credential("issuing CA", issuing, request.IssuingCa, request.IssuingCa, ca: true, notBefore, notAfter, encryptedKeys[0], encrypted: true),
            ControllerCa = Credential("controller CA", controllerCa, request.ControllerCa, request.ControllerCa, ca: true, notBefore, notAfter, encryptedKeys[1], encrypted: true),
            ControllerCert = Credential("controller certificate", controller, request.ControllerCert, request.ControllerCa, ca: false, notBefore, notAfter,
                EncryptedPrivateKey.PlainPem(keys[2].Private), encrypted: false),
        };
    }

    /// <summary>
    /// The three key pairs (issuing CA, controller CA, controller), generated in parallel because key generation is
    /// nearly all the time. Each has its own generator seeded with 256 bits drawn in order from the injected source,
    /// so the result does not depend on thread timing.
    /// </summary>
    private AsymmetricCipherKeyPair[] GenerateKeys(PkiKeyType keyType)
    {
        var randoms = new SecureRandom[3];
        for (var i = 0; i < randoms.Length; i++)
        {
            var seed = new byte[32];
            _random.NextBytes(seed);
            randoms[i] = SecureRandom.GetInstance("SHA256PRNG", false);
            randoms[i].SetSeed(seed);
            CryptographicOperations.ZeroMemory(seed);
        }

        var keys = new AsymmetricCipherKeyPair[3];
        Parallel.For(0, keys.Length, i => keys[i] = GenerateKey(keyType, randoms[i]));
        return keys;
    }

    private static AsymmetricCipherKeyPair GenerateKey(PkiKeyType keyType, SecureRandom random)
    {
        if (keyType.IsRsa())
        {
            var rsa = new RsaKeyPairGenerator();
            rsa.Init(new RsaKeyGenerationParameters(RsaPublicExponent, random, keyType.RsaBits(), 100));
            return rsa.GenerateKeyPair();
        }

        // A named curve, so the keys and certificates carry the curve's OID (explicit parameters are refused by many peers).
        var ec = new ECKeyPairGenerator();
        ec.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        return ec.GenerateKeyPair();
    }

    private X509Certificate Issue(PkiKeyType keyType, X509Name subject, AsymmetricKeyParameter publicKey, X509Name issuer,
        AsymmetricCipherKeyPair issuerKeys, bool ca, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(Serial());
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(publicKey);
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuerKeys.Public));
        if (ca)
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        }
        else
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
            var usage = KeyUsage.DigitalSignature | (keyType.IsRsa() ? KeyUsage.KeyEncipherment : 0);
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(usage));
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                new ExtendedKeyUsage(new List<DerObjectIdentifier> { KeyPurposeID.id_kp_clientAuth, KeyPurposeID.id_kp_serverAuth }));
        }

        return generator.Generate(new Asn1SignatureFactory(keyType.SignatureAlgorithm(), issuerKeys.Private, _random));
    }

    /// <summary>A random positive serial of exactly 128 bits (the top bit set; 127 random bits, well over RFC 5280's 64).</summary>
    private BigInteger Serial() => new BigInteger(128, _random).SetBit(127);

    private static PkiCredential Credential(string role, X509Certificate certificate, PkiSubject subject, PkiSubject issuer, bool ca,
        DateTimeOffset notBefore, DateTimeOffset notAfter, string keyPem, bool encrypted)
    {
        var der = certificate.GetEncoded();
        return new PkiCredential
        {
            Role = role,
            Subject = subject,
            Issuer = issuer,
            IsCa = ca,
            NotBefore = notBefore,
            NotAfter = notAfter,
            SerialHex = certificate.SerialNumber.ToString(16).ToUpperInvariant(),
            Sha256Fingerprint = string.Join(':', Convert.ToHexString(SHA256.HashData(der)).Chunk(2).Select(c => new string(c))),
            CertificatePem = Pem.Encode("CERTIFICATE", der),
            PrivateKeyPem = keyPem,
            KeyEncrypted = encrypted,
        };
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
