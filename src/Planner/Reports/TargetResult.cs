using Planner.Scheduling;

namespace Planner.Reports;

/// <summary>How a target ended, in the five words of Rockoon's failover statistics (used for every operation).</summary>
public enum TargetStatus
{
    Success,
    Failed,

    /// <summary>Failed, and it was already in ERROR before its failover: the failover was its recovery.</summary>
    RecoveryFailed,

    /// <summary>Not selected, or never handled (its operation stopped, was aborted, or something it needs failed).</summary>
    Skipped,

    /// <summary>The target disappeared while it was handled.</summary>
    Cancelled,
}

/// <summary>
/// One target of an operation at the end of a run (or at the time of the timeline). <see cref="State"/> is the
/// state of the step that decided it (the first in its chain that did not succeed, else the last); times are from
/// the run's start, null when it never started.
/// </summary>
public sealed record TargetResult(
    string Id,
    string Name,
    TargetStatus Status,
    StepState State,
    int Attempts,
    TimeSpan? Started,
    TimeSpan? Finished,
    string? Detail);
