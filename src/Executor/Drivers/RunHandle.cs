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
    private readonly CancellationTokenSource _ended = new();
    private readonly List<Task> _work = [];

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

    /// <summary>Cancelled when the run has ended: work of its own a driver still does finishes what is ending and leaves the rest for a resume.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>A driver's own background work, which the run waits for (<see cref="DrainAsync"/>) before it reports.</summary>
    /// <param name="work">The task.</param>
    public void Track(Task work)
    {
        lock (_work)
        {
            _work.Add(work);
        }
    }

    /// <summary>The run ended: says so, and waits (at most <paramref name="limit"/>) for the drivers' own work to finish.</summary>
    /// <param name="limit">The longest to wait.</param>
    public async Task DrainAsync(TimeSpan limit)
    {
        await _ended.CancelAsync();
        Task[] work;
        lock (_work)
        {
            work = [.. _work];
        }

        try
        {
            await Task.WhenAll(work).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            // Left for a resume: the journal has what was seen.
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _ended.Dispose();
    }
}
