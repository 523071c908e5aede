namespace Planner.Operations;

/// <summary>Resolved per-target timing: expected, per-attempt timeout and retry schedule.</summary>
public sealed record StepTiming(TimeSpan Expected, TimeSpan Max, int Attempts, TimeSpan RetryDelay, double Backoff)
{
    public static StepTiming Once(TimeSpan expected, TimeSpan max) => new(expected, max, 1, TimeSpan.Zero, 1);
}
