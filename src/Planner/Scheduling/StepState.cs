namespace Planner.Scheduling;

/// <summary>Where a step is in its life. The last five are terminal.</summary>
public enum StepState : byte
{
    /// <summary>Waiting for dependencies.</summary>
    Pending,

    /// <summary>Dependencies done; waiting for a pool slot, a window or the end of a pause.</summary>
    Ready,

    Running,

    /// <summary>An attempt failed; the next one is due at a set time (the pool slot stays held).</summary>
    WaitingRetry,

    Succeeded,

    /// <summary>Every attempt failed.</summary>
    Failed,

    /// <summary>The target disappeared while it was handled (an LB deleted: Rockoon's CANCELLED).</summary>
    Cancelled,

    /// <summary>Not run because something it depends on did not succeed.</summary>
    Skipped,

    /// <summary>Not run because the run stopped or was aborted first.</summary>
    NotRun,
}

/// <summary>What one attempt of a step came to, as a driver or a model reports it.</summary>
public enum StepOutcome
{
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>The run as a whole.</summary>
public enum RunState
{
    Running,

    /// <summary>A failure policy paused the run, or the windows closed: nothing new starts until <see cref="Scheduler.Resume"/>.</summary>
    Paused,

    /// <summary>Stopped by a failure policy or aborted: in-flight work finishes, nothing new starts.</summary>
    Stopping,

    Finished,
}

/// <summary>An instruction to start attempt <see cref="Attempt"/> of <see cref="Step"/>; it times out at <see cref="Deadline"/>.</summary>
public readonly record struct StepStart(int Step, int Attempt, TimeSpan? Deadline);

/// <summary>Something the scheduler decided that a report should show (a policy breach, a pause, a stop).</summary>
public sealed record SchedulerNote(TimeSpan At, int Operation, string Message);

/// <summary>A time range relative to the run's start in which new work may start: [Open, LastStart).</summary>
public readonly record struct WindowSlot(TimeSpan Open, TimeSpan LastStart, TimeSpan Close);

/// <summary>Failure handling for one operation: its policy and how many targets it has (for percentages).</summary>
public readonly record struct OperationLimits(Operations.FailurePolicy Policy, int Targets);
