using System.Text;

namespace Executor.Pki;

/// <summary>
/// The CA key passphrase, held in a buffer that <see cref="Dispose"/> clears. It never prints itself:
/// <see cref="ToString"/> gives a placeholder, so a passphrase cannot reach a message or a log by accident.
/// </summary>
public sealed class PkiPassphrase : IDisposable
{
    private readonly char[] _chars;

    /// <summary>Copies the characters; the caller may clear its own buffer afterwards.</summary>
    public PkiPassphrase(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            throw new PkiException("the passphrase is empty");
        }

        _chars = chars.ToArray();
    }

    /// <summary>The number of characters.</summary>
    public int Length => _chars.Length;

    /// <summary>The passphrase, for the code that encrypts keys or writes the charm's configuration.</summary>
    internal ReadOnlySpan<char> Chars => _chars;

    /// <summary>Decodes UTF-8 (strictly), e.g. a passphrase file's content.</summary>
    public static PkiPassphrase FromUtf8(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        try
        {
            var count = new UTF8Encoding(false, throwOnInvalidBytes: true).GetChars(bytes, chars);
            return new PkiPassphrase(chars.AsSpan(0, count));
        }
        catch (DecoderFallbackException)
        {
            throw new PkiException("the passphrase is not UTF-8 text");
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    /// <summary>The passphrase as UTF-8 bytes (as OpenSSL reads it from <c>-passin</c>); the caller clears them.</summary>
    internal byte[] ToUtf8() => Encoding.UTF8.GetBytes(_chars);

    /// <summary>Clears the buffer.</summary>
    public void Dispose() => Array.Clear(_chars);

    /// <summary>A placeholder, never the passphrase.</summary>
    public override string ToString() => "(passphrase hidden)";
}
