using Planner.Graph;
using Planner.Scheduling;

namespace Planner.Tests.TestKit;

/// <summary>An attempt model whose outcome per (step, attempt) is scripted; unscripted attempts succeed in the expected time.</summary>
internal sealed class ScriptedModel : IAttemptModel
{
    private readonly Dictionary<(int Step, int Attempt), (TimeSpan Duration, StepOutcome Outcome)> _script = [];

    public List<(int Step, int Attempt)> Calls { get; } = [];

    public ScriptedModel Fail(int step, int attempt, TimeSpan? duration = null)
    {
        _script[(step, attempt)] = (duration ?? TimeSpan.FromSeconds(10), StepOutcome.Failed);
        return this;
    }

    public ScriptedModel FailAlways(int step, int attempts)
    {
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            Fail(step, attempt);
        }

        return this;
    }

    public ScriptedModel Cancel(int step, int attempt = 1)
    {
        _script[(step, attempt)] = (TimeSpan.FromSeconds(5), StepOutcome.Cancelled);
        return this;
    }

    public ScriptedModel Take(int step, int attempt, TimeSpan duration)
    {
        _script[(step, attempt)] = (duration, StepOutcome.Succeeded);
        return this;
    }

    public (TimeSpan Duration, StepOutcome Outcome) Attempt(Step step, int attempt)
    {
        Calls.Add((step.Index, attempt));
        return _script.TryGetValue((step.Index, attempt), out var scripted) ? scripted : (step.Expected, StepOutcome.Succeeded);
    }
}
