namespace Executor.Apply;

/// <summary>How an apply run behaves, beyond what the plan says.</summary>
public sealed record ApplyOptions
{
    /// <summary>Start at once and never hold work for a maintenance window (testing, or an emergency change).</summary>
    public bool IgnoreWindows { get; init; }

    /// <summary>
    /// The least time between two checks for an abort requested from another process (<c>mplan abort</c>). Zero: check
    /// every time the runner wakes, before it starts anything, so nothing new starts once an abort is recorded.
    /// </summary>
    public TimeSpan AbortPollInterval { get; init; } = TimeSpan.Zero;

    /// <summary>The longest the runner sleeps without looking at the clock (a paused run waits this long between checks).</summary>
    public TimeSpan MaxIdle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Called once, with the reason, when the run stops starting new work (an abort, Ctrl-C once, a failure policy).</summary>
    public Action<string?>? Stopping { get; init; }
}

/// <summary>A step as an earlier run left it, from the journal (resume).</summary>
/// <param name="State">succeeded, failed, cancelled: finished; running or submitted: in flight when the run stopped; anything else: not started.</param>
/// <param name="Submitted">The in-flight attempt's side effect was accepted (observe it; never send it again).</param>
public sealed record EarlierStep(string State, bool Submitted);

/// <summary>How an apply run ended.</summary>
public enum ApplyOutcome
{
    /// <summary>Every step succeeded, or its target disappeared while it was handled (cancelled).</summary>
    Succeeded,

    /// <summary>The run finished, and some steps failed (and what depended on them was skipped).</summary>
    Failed,

    /// <summary>A failure policy paused the run, or the windows closed: an operator decides (resume or abort).</summary>
    NeedsOperator,

    /// <summary>Aborted (<c>mplan abort</c> or Ctrl-C once): in-flight steps finished, the rest did not run.</summary>
    Aborted,

    /// <summary>Cancelled (Ctrl-C twice): in-flight attempts were interrupted; resume continues from the journal.</summary>
    Cancelled,
}
