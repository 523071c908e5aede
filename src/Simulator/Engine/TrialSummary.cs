namespace Simulator.Engine;

/// <summary>
/// What the Monte Carlo summary keeps of one trial: a few numbers, not the timeline. <see cref="Attempts"/> counts
/// attempts started; each one is two step events (its start and its end: completion or timeout).
/// </summary>
public readonly record struct TrialSummary(
    TimeSpan Makespan,
    TimeSpan[] OperationDurations,
    int[] FailedTargets,
    int Interventions,
    bool FitsWindow,
    bool PolicyBreached,
    long Attempts);
