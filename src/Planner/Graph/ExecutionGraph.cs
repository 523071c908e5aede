using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Planner.Graph;

/// <summary>
/// The resolved plan's graph: steps in a topological order (each depends only on earlier steps),
/// with concurrency pools. Immutable once built; the scheduler, simulator and executor all read it.
/// </summary>
public sealed class ExecutionGraph
{
    public ExecutionGraph(ImmutableArray<Step> steps, ImmutableArray<ConcurrencyPool> pools)
    {
        Steps = steps;
        Pools = pools;
        var counts = new int[steps.Length + 1];
        var dependencyStart = new int[steps.Length + 1];
        foreach (var step in steps)
        {
            dependencyStart[step.Index + 1] = dependencyStart[step.Index] + step.Dependencies.Length;
            foreach (var dependency in step.Dependencies)
            {
                if (dependency >= step.Index)
                {
                    throw new InvalidOperationException($"Step {step.Id} depends on a later step; this is a bug in an expander.");
                }

                counts[dependency + 1]++;
            }

            if (step.RunsIfFailed >= step.Index)
            {
                throw new InvalidOperationException($"Step {step.Id} follows up a later step; this is a bug in an expander.");
            }
        }

        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] += counts[i - 1];
        }

        ConditionSources = SourcesOfConditions(steps);
        DependentStart = (int[])counts.Clone();
        Dependents = new int[counts[^1]];
        DependencyStart = dependencyStart;
        Dependencies = new int[dependencyStart[^1]];
        foreach (var step in steps)
        {
            step.Dependencies.CopyTo(Dependencies, dependencyStart[step.Index]);
            foreach (var dependency in step.Dependencies)
            {
                Dependents[counts[dependency]++] = step.Index;
            }
        }

        Traits = Scheduling.StepTraits.Of(this);
    }

    // The same steps and edges under other pools or rate control: the graph's arrays are shared, not rebuilt.
    private ExecutionGraph(ExecutionGraph graph, ImmutableArray<ConcurrencyPool> pools, Scheduling.RateControl? rateControl)
    {
        Steps = graph.Steps;
        Pools = pools;
        ConditionSources = graph.ConditionSources;
        DependentStart = graph.DependentStart;
        Dependents = graph.Dependents;
        DependencyStart = graph.DependencyStart;
        Dependencies = graph.Dependencies;
        Traits = graph.Traits;
        RateControl = rateControl;
    }

    /// <summary>Impact budgets and waves the scheduler honours on top of the pools; null when the plan has none.</summary>
    public Scheduling.RateControl? RateControl { get; init; }

    /// <summary>This graph with other rate control (the estimate costs a budget by planning without it).</summary>
    public ExecutionGraph WithRateControl(Scheduling.RateControl? rateControl) => new(this, Pools, rateControl);

    /// <summary>This graph with other pool capacities (the estimate searches for the concurrency that fits a window).</summary>
    public ExecutionGraph WithPools(ImmutableArray<ConcurrencyPool> pools) =>
        pools.Length == Pools.Length ? new(this, pools, RateControl) : throw new ArgumentException("A graph's pools can change capacity, not number.", nameof(pools));

    public ImmutableArray<Step> Steps { get; }

    public ImmutableArray<ConcurrencyPool> Pools { get; }

    /// <summary>The steps some conditional step follows up (<see cref="Step.RunsIfFailed"/>), in index order.</summary>
    public ImmutableArray<int> ConditionSources { get; }

    /// <summary>Dependents in compressed form: those of step i are Dependents[DependentStart[i]..DependentStart[i+1]].</summary>
    internal int[] DependentStart { get; }

    internal int[] Dependents { get; }

    /// <summary>
    /// Every step's <see cref="Step.Dependencies"/> in one array, in the same compressed form: a run settles the 100,000
    /// follow-ups that never started from these, not from 100,000 step objects and their arrays scattered in memory.
    /// </summary>
    internal int[] DependencyStart { get; }

    internal int[] Dependencies { get; }

    /// <summary>
    /// What the scheduler and the estimate's model read of each step on every event, made once per graph: every run
    /// shares it (the estimate and the trials of a 100k-LB plan run its 208,574 steps a dozen times).
    /// </summary>
    internal Scheduling.StepTraits[] Traits { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // The scheduler walks it on every finished step.
    public ReadOnlySpan<int> DependentsOf(int step) => Dependents.AsSpan(DependentStart[step], DependentStart[step + 1] - DependentStart[step]);

    /// <summary>The steps <paramref name="step"/> depends on (its <see cref="Step.Dependencies"/>), from the packed array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> DependenciesOf(int step) => Dependencies.AsSpan(DependencyStart[step], DependencyStart[step + 1] - DependencyStart[step]);

    // Marks rather than a set: the 100k-LB plan has 100,000 follow-ups, and hashing them was a tenth of its expansion.
    private static ImmutableArray<int> SourcesOfConditions(ImmutableArray<Step> steps)
    {
        var isSource = new bool[steps.Length];
        var count = 0;
        foreach (var step in steps)
        {
            if (step.RunsIfFailed >= 0 && !isSource[step.RunsIfFailed])
            {
                isSource[step.RunsIfFailed] = true;
                count++;
            }
        }

        var sources = new int[count];
        for (int step = 0, next = 0; next < count; step++)
        {
            if (isSource[step])
            {
                sources[next++] = step;
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(sources);
    }
}
