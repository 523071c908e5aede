using System.Collections.Immutable;

namespace Planner.Graph;

/// <summary>Collects steps and pools while operations expand; steps get consecutive indices.</summary>
internal sealed class GraphBuilder
{
    private readonly List<Step> _steps = [];
    private readonly List<ConcurrencyPool> _pools = [];

    public int Count => _steps.Count;

    public Step this[int index] => _steps[index];

    public int AddPool(string name, int capacity)
    {
        _pools.Add(new ConcurrencyPool(_pools.Count, name, capacity));
        return _pools.Count - 1;
    }

    /// <summary>Adds <paramref name="step"/>, whose index must be the next one (<see cref="Count"/>), and returns it.</summary>
    /// <remarks>Not a factory taking the index: its closure would be made once per step, 35 MB for a 100k-LB plan.</remarks>
    public int Add(Step step)
    {
        Check(step, _steps.Count);
        _steps.Add(step);
        return step.Index;
    }

    private static void Check(Step step, int next)
    {
        if (!step.HasId)
        {
            throw new ArgumentException($"Step {step.Index} has no id.", nameof(step));
        }

        if (step.Index != next)
        {
            throw new ArgumentException($"Step {step.Id} has index {step.Index}; the next index is {next}.", nameof(step));
        }
    }

    /// <summary>Adds <paramref name="steps"/>, whose indices must follow on from <see cref="Count"/>, as <see cref="Add"/> would one by one.</summary>
    public void AddRange(Step[] steps)
    {
        for (var i = 0; i < steps.Length; i++)
        {
            Check(steps[i], _steps.Count + i);
        }

        _steps.AddRange(steps);
    }

    public ExecutionGraph Build(Scheduling.RateControl? rateControl = null) => new([.. _steps], [.. _pools]) { RateControl = rateControl };
}
