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

    /// <summary>Adds a step built by <paramref name="create"/>, which receives the new step's index.</summary>
    public int Add(Func<int, Step> create)
    {
        var step = create(_steps.Count);
        _steps.Add(step);
        return step.Index;
    }

    public ExecutionGraph Build(Scheduling.RateControl? rateControl = null) => new([.. _steps], [.. _pools]) { RateControl = rateControl };
}
