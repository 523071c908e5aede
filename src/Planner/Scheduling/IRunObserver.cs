namespace Planner.Scheduling;

/// <summary>
/// Told of every transition the scheduler makes, as it makes it: how the simulator's trace and apply's journal and
/// progress see one and the same run. Calls happen on the scheduler's thread, inside its methods.
/// </summary>
public interface IRunObserver
{
    /// <summary>An attempt started (a first attempt, a retry, or a later step of a chain).</summary>
    void StepStarted(StepStart start, TimeSpan now);

    /// <summary>An attempt failed and another is due at <paramref name="retryAt"/>.</summary>
    void StepRetrying(int step, int attempt, TimeSpan retryAt, string? detail, TimeSpan now);

    /// <summary>A step reached a terminal state: succeeded, failed, cancelled, skipped or not run (milestones included).</summary>
    void StepFinished(int step, StepState state, string? reason, TimeSpan now);

    /// <summary>A policy breach, pause, stop, abort or resume.</summary>
    void Noted(SchedulerNote note);
}
