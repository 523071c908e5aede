namespace Executor.Pki;

/// <summary>What to generate: the Octavia PKI's key type, validity, three subjects and the CA key passphrase.</summary>
public sealed class PkiRequest
{
    /// <summary>The key algorithm of all three keys (the charm guide's RSA 2048 by default).</summary>
    public PkiKeyType KeyType { get; init; } = PkiKeyType.Rsa2048;

    /// <summary>How long every certificate is valid, from its notBefore (365 days by default).</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>The issuing CA's subject: the CA that signs the amphorae's certificates.</summary>
    public required PkiSubject IssuingCa { get; init; }

    /// <summary>The controller CA's subject: the CA amphorae trust for the controller's certificate. Must differ from <see cref="IssuingCa"/>.</summary>
    public required PkiSubject ControllerCa { get; init; }

    /// <summary>The controller certificate's subject (signed by the controller CA).</summary>
    public required PkiSubject ControllerCert { get; init; }

    /// <summary>Encrypts the issuing CA key and the controller CA key. The caller owns (and disposes) it.</summary>
    public required PkiPassphrase Passphrase { get; init; }
}
