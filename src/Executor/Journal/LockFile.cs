namespace Executor.Journal;

/// <summary>
/// One exclusive lock: an OS lock on <c>NAME</c> (on Linux, .NET's <see cref="FileShare.None"/> takes an advisory
/// <c>flock</c> that dies with the process) and a record of its holder in <c>NAME.holder</c>. A record found while
/// the OS lock is free was left by a process that died: it is stale and is taken over.
/// </summary>
internal sealed class LockFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _recordPath;

    private LockFile(FileStream stream, string recordPath, LockHolder? stale)
    {
        _stream = stream;
        _recordPath = recordPath;
        Stale = stale;
    }

    /// <summary>The dead holder whose record this lock replaced, if any.</summary>
    public LockHolder? Stale { get; }

    /// <summary>Takes the lock, or returns null with who holds it (null when the holder has not written its record yet).</summary>
    public static LockFile? TryAcquire(string path, LockHolder self, out LockHolder? heldBy)
    {
        heldBy = null;
        var recordPath = RecordPath(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            heldBy = ReadRecord(recordPath);
            return null;
        }

        try
        {
            var stale = ReadRecord(recordPath);
            var temporary = recordPath + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temporary, self.ToJson());
            File.Move(temporary, recordPath, overwrite: true);
            return new LockFile(stream, recordPath, stale);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The holder of the lock at <paramref name="path"/> if its record is there and its process seems alive.</summary>
    public static LockHolder? LiveHolder(string path) => ReadRecord(RecordPath(path)) is { } holder && holder.SeemsAlive() ? holder : null;

    /// <summary>Removes the record, then releases the OS lock. The lock file stays: deleting it could let two
    /// processes lock two different files of the same name.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_recordPath);
        }
        finally
        {
            _stream.Dispose();
        }
    }

    private static string RecordPath(string path) => path + ".holder";

    private static LockHolder? ReadRecord(string recordPath)
    {
        try
        {
            return LockHolder.Parse(File.ReadAllText(recordPath));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
    }
}
