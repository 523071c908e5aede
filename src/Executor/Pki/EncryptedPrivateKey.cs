using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Pkcs;

namespace Executor.Pki;

/// <summary>
/// PKCS#8 private keys as PEM: plain ("PRIVATE KEY") or encrypted ("ENCRYPTED PRIVATE KEY") with PBES2 (RFC 8018):
/// PBKDF2 with HMAC-SHA256 and AES-256-CBC, the scheme OpenSSL 3 writes and opens with <c>-passin</c>.
/// The structure is built here rather than by BouncyCastle's <c>Pkcs8Generator</c> so that PBKDF2 and AES come from the
/// platform (OpenSSL on Linux): at 600,000 iterations the platform's PBKDF2 is several times faster than managed code.
/// </summary>
internal static class EncryptedPrivateKey
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations: OWASP's 2023 recommendation (about half a second here).</summary>
    public const int Iterations = 600_000;

    public static string PlainPem(AsymmetricKeyParameter privateKey)
    {
        var der = PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();
        try
        {
            return Pem.Encode("PRIVATE KEY", der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Encrypts with a given 16-byte salt and IV (drawn beforehand, so that encryptions can run in parallel).</summary>
    public static string EncryptedPem(AsymmetricKeyParameter privateKey, PkiPassphrase passphrase, byte[] salt, byte[] iv)
    {
        var plain = PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();
        var password = passphrase.ToUtf8();
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        try
        {
            byte[] encrypted;
            using (var aes = Aes.Create())
            {
                aes.Key = key;
                encrypted = aes.EncryptCbc(plain, iv, PaddingMode.PKCS7);
            }

            var kdf = new KeyDerivationFunc(PkcsObjectIdentifiers.IdPbkdf2,
                new Pbkdf2Params(salt, Iterations, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdHmacWithSha256, DerNull.Instance)));
            var scheme = new EncryptionScheme(NistObjectIdentifiers.IdAes256Cbc, new DerOctetString(iv));
            var info = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, new PbeS2Parameters(kdf, scheme)), encrypted);
            return Pem.Encode("ENCRYPTED PRIVATE KEY", info.GetDerEncoded());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
