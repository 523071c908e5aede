namespace Executor.Drivers;

/// <summary>
/// What a driver that follows a long-lived job of its own (a dcmanager strategy) needs to know of the run it is part of:
/// where the journal is (known only once it is open, after drivers are built), the run's time zero (the windows count
/// from it), and when the run stops starting new work (an abort, Ctrl-C once, a failure policy), so that the job is
/// told to stop too.
/// </summary>
public sealed class RunHandle : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The run's journal file; null until it is open.</summary>
    public string? JournalPath { get; set; }

    /// <summary>The run's time zero: the first window opens then.</summary>
    public DateTimeOffset RunStart { get; set; }

    /// <summary>The run ignores the plan's windows (<c>--ignore-window</c>).</summary>
    public bool IgnoreWindows { get; init; }

    /// <summary>Cancelled once the run stops starting new work.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Why the run stopped starting new work; null while it goes on.</summary>
    public string? StopReason { get; private set; }

    /// <summary>The runner says it starts nothing new from now on.</summary>
    /// <param name="reason">Why (the scheduler's halt reason).</param>
    public void Stop(string? reason)
    {
        if (StopReason is null)
        {
            StopReason = reason ?? "the run stopped";
            _stopping.Cancel();
        }
    }

    public void Dispose() => _stopping.Dispose();
}
