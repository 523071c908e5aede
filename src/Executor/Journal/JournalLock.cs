using System.Security.Cryptography;
using System.Text;

namespace Executor.Journal;

/// <summary>
/// Keeps two applies apart: one on the journal itself (<c>JOURNAL.lock</c>), and one on the plan against the cluster
/// (in the locks directory), so the same plan cannot run twice against a cluster through two journals. Both are OS
/// locks that die with their process; a lock left by a dead process is taken over and said so in
/// <see cref="StaleNotices"/>.
/// </summary>
public sealed class JournalLock : IDisposable
{
    private readonly LockFile _journal;
    private readonly LockFile _plan;

    private JournalLock(LockFile journal, LockFile plan, LockHolder holder)
    {
        _journal = journal;
        _plan = plan;
        Holder = holder;
        StaleNotices = [.. new[] { (journal, "journal"), (plan, "plan") }
            .Where(l => l.Item1.Stale is not null)
            .Select(l => $"took over the {l.Item2} lock left by {l.Item1.Stale!.Describe()}: that process is gone")];
    }

    /// <summary>This process, as recorded for others to see.</summary>
    public LockHolder Holder { get; }

    /// <summary>One line per stale lock this acquisition took over, for the runner to print.</summary>
    public IReadOnlyList<string> StaleNotices { get; }

    /// <summary>
    /// Takes both locks or throws a <see cref="JournalException"/> naming who holds the one that is taken.
    /// </summary>
    /// <param name="journalPath">The journal the run writes.</param>
    /// <param name="planName">The plan's name.</param>
    /// <param name="clusterKey">What identifies the cluster, e.g. its name and inventory identity.</param>
    /// <param name="lockDirectory">Where plan-and-cluster locks live; by default <c>$XDG_STATE_HOME/mplan/locks</c>
    /// (<c>~/.local/state/mplan/locks</c> without it).</param>
    /// <param name="time">The clock for the "since" of the record; the system's by default.</param>
    public static JournalLock Acquire(string journalPath, string planName, string clusterKey, string? lockDirectory = null, TimeProvider? time = null)
    {
        var journal = Path.GetFullPath(journalPath);
        var self = LockHolder.Current((time ?? TimeProvider.System).GetUtcNow(), journal);
        var journalLock = Take(journal + ".lock", self,
            holder => $"{journalPath}: the journal is in use by {holder}; wait for that run to end, or stop it with mplan abort {journalPath}");
        try
        {
            var directory = lockDirectory ?? DefaultDirectory();
            Directory.CreateDirectory(directory);
            var planLock = Take(Path.Combine(directory, PlanLockName(planName, clusterKey)), self,
                holder => $"plan '{planName}' is already being applied to cluster '{clusterKey}' by {holder}; wait for that run to end, or stop it with mplan abort");
            return new JournalLock(journalLock, planLock, self);
        }
        catch
        {
            journalLock.Dispose();
            throw;
        }
    }

    /// <summary>The live process holding the journal's lock, or null when none does (for <c>mplan show</c>).</summary>
    public static LockHolder? Inspect(string journalPath) => LockFile.LiveHolder(Path.GetFullPath(journalPath) + ".lock");

    public void Dispose()
    {
        try
        {
            _plan.Dispose();
        }
        finally
        {
            _journal.Dispose();
        }
    }

    private static LockFile Take(string path, LockHolder self, Func<string, string> refusal)
    {
        try
        {
            return LockFile.TryAcquire(path, self, out var heldBy)
                ?? throw new JournalException(refusal(heldBy is null ? "another process (it has not recorded itself yet)" : Describe(heldBy)));
        }
        catch (UnauthorizedAccessException e)
        {
            throw new JournalException($"{path}: cannot create the lock file ({e.Message}); check the directory's permissions", e);
        }
    }

    private static string Describe(LockHolder holder) =>
        holder.Journal is null ? holder.Describe() : $"{holder.Describe()}, journal {holder.Journal}";

    private static string DefaultDirectory()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var root = string.IsNullOrEmpty(state)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : state;
        return Path.Combine(root, "mplan", "locks");
    }

    // The plan's name is readable in the file name; the cluster key may hold any character, so it is hashed.
    private static string PlanLockName(string planName, string clusterKey)
    {
        var safe = new string([.. planName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')]);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(planName + "\n" + clusterKey)))[..16];
        return $"{safe}@{key}.lock";
    }
}
