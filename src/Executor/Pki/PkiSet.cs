namespace Executor.Pki;

/// <summary>
/// The generated Octavia PKI, in memory: three certificates with their keys, and the controller bundle.
/// Not a record on purpose: nothing here prints its keys (<see cref="object.ToString"/> is the type name).
/// </summary>
public sealed class PkiSet
{
    /// <summary>The key algorithm of every key in the set.</summary>
    public required PkiKeyType KeyType { get; init; }

    /// <summary>The issuing CA (self-signed); its key is encrypted with the passphrase.</summary>
    public required PkiCredential IssuingCa { get; init; }

    /// <summary>The controller CA (self-signed); its key is encrypted with the passphrase.</summary>
    public required PkiCredential ControllerCa { get; init; }

    /// <summary>The controller certificate, signed by the controller CA; its key is not encrypted (the charm reads it as is).</summary>
    public required PkiCredential ControllerCert { get; init; }

    /// <summary>The controller certificate followed by its key, as the charm's <c>lb-mgmt-controller-cert</c> takes it.</summary>
    public string ControllerBundlePem => ControllerCert.CertificatePem + ControllerCert.PrivateKeyPem;

    /// <summary>The three credentials, CAs first.</summary>
    public IReadOnlyList<PkiCredential> All => [IssuingCa, ControllerCa, ControllerCert];
}

/// <summary>One certificate, its private key, and the facts an operator checks (subject, dates, serial, fingerprint).</summary>
public sealed class PkiCredential
{
    /// <summary>What it is, for people: "issuing CA", "controller CA", "controller certificate".</summary>
    public required string Role { get; init; }

    /// <summary>The subject as requested.</summary>
    public required PkiSubject Subject { get; init; }

    /// <summary>The issuer's subject (the subject itself for the self-signed CAs).</summary>
    public required PkiSubject Issuer { get; init; }

    /// <summary>True for the two CAs.</summary>
    public required bool IsCa { get; init; }

    /// <summary>The start of the validity (the generation time less a minute for clock skew), whole seconds, UTC.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>The end of the validity: <see cref="NotBefore"/> plus the requested validity.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>The serial number in hexadecimal, upper case, as <c>openssl x509 -serial</c> prints it.</summary>
    public required string SerialHex { get; init; }

    /// <summary>The SHA-256 fingerprint of the certificate, as <c>openssl x509 -fingerprint -sha256</c> prints it.</summary>
    public required string Sha256Fingerprint { get; init; }

    /// <summary>The certificate, PEM ("CERTIFICATE").</summary>
    public required string CertificatePem { get; init; }

    /// <summary>
    /// The private key, PEM PKCS#8: "ENCRYPTED PRIVATE KEY" (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) for the CAs,
    /// "PRIVATE KEY" for the controller certificate. Secret: never print it.
    /// </summary>
    public required string PrivateKeyPem { get; init; }

    /// <summary>True when <see cref="PrivateKeyPem"/> is encrypted with the passphrase.</summary>
    public required bool KeyEncrypted { get; init; }
}
