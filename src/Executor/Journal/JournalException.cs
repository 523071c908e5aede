namespace Executor.Journal;

/// <summary>
/// A problem with a journal that the operator can fix: a missing file, a file that is not a journal, a newer format,
/// a lock held by another run. <see cref="Exception.Message"/> is one line saying what is wrong and what to do.
/// </summary>
public sealed class JournalException : Exception
{
    public JournalException(string message)
        : base(message)
    {
    }

    public JournalException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
