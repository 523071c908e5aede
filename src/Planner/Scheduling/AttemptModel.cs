using Planner.Graph;

namespace Planner.Scheduling;

/// <summary>Decides how long one attempt of a step takes and how it ends: fixed for the estimate, sampled for simulation.</summary>
public interface IAttemptModel
{
    (TimeSpan Duration, StepOutcome Outcome) Attempt(Step step, int attempt);
}

/// <summary>
/// The estimate's model. Expected: every step succeeds at once in its expected time. Pessimistic: every attempt
/// runs to its timeout and all but the last fail, so retries and their waits are counted too.
/// </summary>
public sealed class FixedDurationModel(bool pessimistic) : IAttemptModel
{
    public (TimeSpan Duration, StepOutcome Outcome) Attempt(Step step, int attempt)
    {
        if (!pessimistic)
        {
            return (step.Expected, StepOutcome.Succeeded);
        }

        var duration = step.Max > TimeSpan.Zero ? step.Max : step.Expected;
        return (duration, attempt < step.Attempts ? StepOutcome.Failed : StepOutcome.Succeeded);
    }
}
