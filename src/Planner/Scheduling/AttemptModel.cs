using System.Runtime.CompilerServices;
using Planner.Graph;

namespace Planner.Scheduling;

/// <summary>Decides how long one attempt of a step takes and how it ends: fixed for the estimate, sampled for simulation.</summary>
public interface IAttemptModel
{
    (TimeSpan Duration, StepOutcome Outcome) Attempt(Step step, int attempt);

    /// <summary>
    /// Attempt <paramref name="attempt"/> of step <paramref name="step"/> of <paramref name="graph"/> as it starts at
    /// <paramref name="now"/> (time since the run started), with a reason when it does not succeed. Models whose faults
    /// depend on the time (an API outage) or that explain failures override it; by default it is
    /// <see cref="Attempt(Step, int)"/> without a reason. The step comes by index so a model with its own per-step
    /// tables need not read the <see cref="Step"/> on every attempt.
    /// </summary>
    ModelledAttempt Run(ExecutionGraph graph, int step, int attempt, TimeSpan now)
    {
        var (duration, outcome) = Attempt(graph.Steps[step], attempt);
        return new ModelledAttempt(duration, outcome, null);
    }
}

/// <summary>How one attempt went: its duration, its outcome and, for a failure or cancellation, why.</summary>
public readonly record struct ModelledAttempt(TimeSpan Duration, StepOutcome Outcome, string? Detail);

/// <summary>
/// The estimate's model. Expected: every step succeeds at once in its expected time. Pessimistic: every attempt
/// runs to its timeout and all but the last fail, so retries and their waits are counted too; a step that a
/// conditional step follows up fails on its last attempt too, so every follow-up runs (the worst case of both).
/// </summary>
public sealed class FixedDurationModel(bool pessimistic) : IAttemptModel
{
    // Reads the graph's per-step traits, not the Step: the estimate runs every step of a large plan several times.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Per event: optimised from the first call (HotPaths).
    public ModelledAttempt Run(ExecutionGraph graph, int step, int attempt, TimeSpan now)
    {
        ref readonly var traits = ref graph.Traits[step];
        var (duration, outcome) = Attempt(traits.ExpectedTicks, traits.MaxTicks, traits.Attempts, attempt);
        return pessimistic && outcome == StepOutcome.Succeeded && traits.IsConditionSource
            ? new ModelledAttempt(duration, StepOutcome.Failed, "pessimistic: left for the follow-up")
            : new ModelledAttempt(duration, outcome, null);
    }

    public (TimeSpan Duration, StepOutcome Outcome) Attempt(Step step, int attempt) => Attempt(step.Expected.Ticks, step.Max.Ticks, step.Attempts, attempt);

    private (TimeSpan Duration, StepOutcome Outcome) Attempt(long expectedTicks, long maxTicks, int attempts, int attempt) =>
        !pessimistic ? (new TimeSpan(expectedTicks), StepOutcome.Succeeded)
            : (new TimeSpan(maxTicks > 0 ? maxTicks : expectedTicks), attempt < attempts ? StepOutcome.Failed : StepOutcome.Succeeded);
}
