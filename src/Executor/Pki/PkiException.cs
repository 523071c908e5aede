namespace Executor.Pki;

/// <summary>
/// A problem the operator can fix (a missing passphrase, a file that would be overwritten, two CAs with one subject).
/// The message is complete and safe to print: it never contains a passphrase or a key.
/// </summary>
public sealed class PkiException : Exception
{
    /// <summary>Creates the exception with a message fit for the operator.</summary>
    public PkiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message fit for the operator and the cause.</summary>
    public PkiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
