using System.Collections.Immutable;
using Planner.Graph;
using Planner.Operations;
using Planner.Scheduling;

namespace Planner.Tests.TestKit;

/// <summary>Builds small execution graphs for scheduler tests without going through a plan.</summary>
internal sealed class GraphFactory
{
    private readonly List<Step> _steps = [];
    private readonly List<ConcurrencyPool> _pools = [];

    public int Pool(int capacity)
    {
        _pools.Add(new ConcurrencyPool(_pools.Count, $"pool-{_pools.Count}", capacity));
        return _pools.Count - 1;
    }

    /// <summary>A single-step target in <paramref name="pool"/> (or none), depending on <paramref name="dependencies"/>.</summary>
    public int Step(TimeSpan expected, int pool = -1, int[]? dependencies = null, int operation = 0, int attempts = 1,
        TimeSpan retryDelay = default, double backoff = 1, TimeSpan max = default, int runsIfFailed = -1, bool outsidePolicy = false)
    {
        var index = _steps.Count;
        _steps.Add(new Step
        {
            Index = index,
            Id = $"s{index}",
            Operation = operation,
            Kind = StepKind.Action,
            Action = "work",
            TargetId = $"t{index}",
            TargetName = $"t{index}",
            Expected = expected,
            Max = max,
            Attempts = attempts,
            RetryDelay = retryDelay,
            Backoff = backoff,
            Pool = pool,
            Acquires = pool >= 0,
            Releases = pool >= 0,
            SlotHolder = pool >= 0 ? index : -1,
            Dependencies = dependencies ?? [],
            RunsIfFailed = runsIfFailed,
            OutsidePolicy = outsidePolicy,
        });
        return index;
    }

    /// <summary>A chain of steps holding one slot of <paramref name="pool"/> from the first to the last.</summary>
    public int[] Chain(TimeSpan[] durations, int pool, int[] dependencies, int operation = 0)
    {
        var indices = new int[durations.Length];
        for (var i = 0; i < durations.Length; i++)
        {
            var index = _steps.Count;
            indices[i] = index;
            _steps.Add(new Step
            {
                Index = index,
                Id = $"c{index}",
                Operation = operation,
                Kind = StepKind.Action,
                Action = $"link{i}",
                Expected = durations[i],
                Pool = pool,
                Acquires = i == 0,
                Releases = i == durations.Length - 1,
                SlotHolder = indices[0],
                NodeMaintenance = true,
                Dependencies = i == 0 ? dependencies : [indices[i - 1]],
            });
        }

        return indices;
    }

    public int Milestone(int[] dependencies, int operation = 0)
    {
        var index = _steps.Count;
        _steps.Add(new Step { Index = index, Id = $"m{index}", Operation = operation, Kind = StepKind.Milestone, Action = "milestone", Dependencies = dependencies });
        return index;
    }

    public ExecutionGraph Build() => new([.. _steps], [.. _pools]);

    public static OperationLimits[] Limits(FailurePolicy policy, int targets, int operations = 1) =>
        [.. Enumerable.Repeat(new OperationLimits(policy, targets), operations)];

    public static ImmutableArray<TimeSpan> Seconds(params double[] values) => [.. values.Select(TimeSpan.FromSeconds)];
}
