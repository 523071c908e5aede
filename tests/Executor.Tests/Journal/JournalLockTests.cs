using Executor.Journal;
using Executor.Tests.TestKit;

namespace Executor.Tests.Journal;

public sealed class JournalLockTests : IDisposable
{
    private readonly JournalScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string Locks => _scratch.Path("locks");

    [Fact]
    public void Acquire_HeldByAnotherProcess_IsRefusedNamingTheHolder()
    {
        // Given
        var journal = _scratch.Path("run.journal");
        using var child = ChildProcess.Start("lock", journal, "rotate", "osh-dev", Locks);
        Assert.Equal("locked", child.ReadLine());

        // When
        var error = Assert.Throws<JournalException>(() => JournalLock.Acquire(journal, "rotate", "osh-dev", Locks));

        // Then
        Assert.StartsWith($"{journal}: the journal is in use by pid {child.Id} on host {Environment.MachineName}", error.Message, StringComparison.Ordinal);
        Assert.Contains("mplan abort", error.Message, StringComparison.Ordinal);
        Assert.Equal(child.Id, JournalLock.Inspect(journal)?.Pid);
    }

    [Fact]
    public void Acquire_AfterTheHolderWasKilled_TakesOverAndSaysTheLockWasStale()
    {
        // Given
        var journal = _scratch.Path("run.journal");
        int pid;
        using (var child = ChildProcess.Start("lock", journal, "rotate", "osh-dev", Locks))
        {
            Assert.Equal("locked", child.ReadLine());
            pid = child.Id;
            child.Kill();
        }

        // When
        using var taken = JournalLock.Acquire(journal, "rotate", "osh-dev", Locks);

        // Then: both locks were left behind by the dead process
        Assert.Equal(2, taken.StaleNotices.Count);
        Assert.All(taken.StaleNotices, n => Assert.Contains($"left by pid {pid} on host", n, StringComparison.Ordinal));
        Assert.All(taken.StaleNotices, n => Assert.EndsWith("that process is gone", n, StringComparison.Ordinal));
        Assert.Equal(Environment.ProcessId, JournalLock.Inspect(journal)?.Pid);
    }

    [Fact]
    public void Acquire_SamePlanAndClusterThroughAnotherJournal_IsRefused()
    {
        // Given
        var first = _scratch.Path("first.journal");
        using var held = JournalLock.Acquire(first, "rotate", "osh-dev", Locks);

        // When
        var error = Assert.Throws<JournalException>(() => JournalLock.Acquire(_scratch.Path("second.journal"), "rotate", "osh-dev", Locks));

        // Then
        Assert.StartsWith($"plan 'rotate' is already being applied to cluster 'osh-dev' by pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"journal {first}", error.Message, StringComparison.Ordinal);
        using var otherCluster = JournalLock.Acquire(_scratch.Path("third.journal"), "rotate", "mosk-prod", Locks);
        Assert.Empty(otherCluster.StaleNotices);
    }

    [Fact]
    public void Acquire_RefusedAtThePlanLevel_ReleasesTheJournalLock()
    {
        // Given
        using var held = JournalLock.Acquire(_scratch.Path("first.journal"), "rotate", "osh-dev", Locks);
        var second = _scratch.Path("second.journal");
        Assert.Throws<JournalException>(() => JournalLock.Acquire(second, "rotate", "osh-dev", Locks));

        // When
        using var again = JournalLock.Acquire(second, "rotate", "other-cluster", Locks);

        // Then
        Assert.Empty(again.StaleNotices);
    }

    [Fact]
    public void Dispose_ReleasesBothLocksCleanly()
    {
        // Given
        var journal = _scratch.Path("run.journal");
        JournalLock.Acquire(journal, "rotate", "osh-dev", Locks).Dispose();

        // When
        using var again = JournalLock.Acquire(journal, "rotate", "osh-dev", Locks);

        // Then
        Assert.Empty(again.StaleNotices);
        Assert.Null(JournalLock.Inspect(_scratch.Path("never.journal")));
    }
}
