using Planner.Graph;
using Planner.Scheduling;

namespace Planner.Tests.TestKit;

/// <summary>An attempt model that takes each step's time from a table (by step index) and always succeeds.</summary>
internal sealed class TableModel(TimeSpan[] durations) : IAttemptModel
{
    public (TimeSpan Duration, StepOutcome Outcome) Attempt(Step step, int attempt) => (durations[step.Index], StepOutcome.Succeeded);
}
