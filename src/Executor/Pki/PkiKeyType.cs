namespace Executor.Pki;

/// <summary>The key algorithms the <c>octavia.pki</c> operation offers (the plan's <c>keyType</c>).</summary>
public enum PkiKeyType
{
    /// <summary>RSA, 2048 bits: the charm deployment guide's choice and the default.</summary>
    Rsa2048,

    /// <summary>RSA, 3072 bits.</summary>
    Rsa3072,

    /// <summary>RSA, 4096 bits.</summary>
    Rsa4096,

    /// <summary>ECDSA on NIST P-256 (secp256r1, prime256v1).</summary>
    EcP256,
}

/// <summary>The plan's names for <see cref="PkiKeyType"/> and what each means for keys and signatures.</summary>
public static class PkiKeyTypes
{
    /// <summary>The name the plan uses (<c>rsa2048</c>, <c>ec-p256</c>).</summary>
    public static string Name(this PkiKeyType keyType) => keyType switch
    {
        PkiKeyType.Rsa2048 => "rsa2048",
        PkiKeyType.Rsa3072 => "rsa3072",
        PkiKeyType.Rsa4096 => "rsa4096",
        PkiKeyType.EcP256 => "ec-p256",
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, null),
    };

    /// <summary>Parses a plan name; null when it is not one of the four.</summary>
    public static PkiKeyType? Parse(string name) => name switch
    {
        "rsa2048" => PkiKeyType.Rsa2048,
        "rsa3072" => PkiKeyType.Rsa3072,
        "rsa4096" => PkiKeyType.Rsa4096,
        "ec-p256" => PkiKeyType.EcP256,
        _ => null,
    };

    /// <summary>True for the RSA key types.</summary>
    public static bool IsRsa(this PkiKeyType keyType) => keyType != PkiKeyType.EcP256;

    /// <summary>The RSA modulus length; 0 for EC.</summary>
    internal static int RsaBits(this PkiKeyType keyType) => keyType switch
    {
        PkiKeyType.Rsa2048 => 2048,
        PkiKeyType.Rsa3072 => 3072,
        PkiKeyType.Rsa4096 => 4096,
        _ => 0,
    };

    /// <summary>The BouncyCastle name of the SHA-256 signature algorithm for this key type.</summary>
    internal static string SignatureAlgorithm(this PkiKeyType keyType) => keyType.IsRsa() ? "SHA256WITHRSA" : "SHA256WITHECDSA";
}
