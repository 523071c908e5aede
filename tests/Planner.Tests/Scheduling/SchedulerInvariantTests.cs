using Planner.Graph;
using Planner.Operations;
using Planner.Scheduling;
using Planner.Tests.TestKit;

namespace Planner.Tests.Scheduling;

/// <summary>Properties every schedule must have, checked on seeded random graphs with pools, chains and milestones.</summary>
public sealed class SchedulerInvariantTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Run_RandomGraph_NoStepStartsBeforeItsDependenciesFinish(int seed)
    {
        // Given
        var graph = RandomGraph(seed);

        // When
        var run = Run(graph, seed);

        // Then
        foreach (var step in graph.Steps)
        {
            foreach (var dependency in step.Dependencies)
            {
                Assert.True(run.Finish[dependency] <= run.Start[step.Index], $"seed {seed}: {step.Id} started before {graph.Steps[dependency].Id} finished");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Run_RandomGraph_PoolsAreNeverExceeded(int seed)
    {
        // Given
        var graph = RandomGraph(seed);

        // When
        var run = Run(graph, seed);

        // Then: a chain occupies its slot from its first step's start to its last step's finish
        foreach (var pool in graph.Pools)
        {
            var events = new List<(TimeSpan At, int Delta)>();
            foreach (var step in graph.Steps.Where(s => s.Pool == pool.Index))
            {
                if (step.Acquires)
                {
                    events.Add((run.Start[step.Index], 1));
                }

                if (step.Releases)
                {
                    events.Add((run.Finish[step.Index], -1));
                }
            }

            var inUse = 0;
            foreach (var (_, delta) in events.OrderBy(e => e.At).ThenBy(e => e.Delta))
            {
                inUse += delta;
                Assert.True(inUse <= pool.Capacity, $"seed {seed}: pool {pool.Name} holds {inUse} > {pool.Capacity}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Run_RandomGraph_MakespanIsAtLeastTheLongestDependencyPath(int seed)
    {
        // Given
        var graph = RandomGraph(seed);
        var durations = Durations(graph, seed);

        // When
        var run = Run(graph, seed);

        // Then: no schedule beats the critical path (pools only make it longer)
        var longest = new TimeSpan[graph.Steps.Length];
        foreach (var step in graph.Steps)
        {
            var ready = step.Dependencies.Select(d => longest[d]).DefaultIfEmpty(TimeSpan.Zero).Max();
            longest[step.Index] = ready + durations[step.Index];
        }

        Assert.True(run.Makespan >= longest.Max(), $"seed {seed}: makespan {run.Makespan} < critical path {longest.Max()}");
        Assert.All(graph.Steps, s => Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(s.Index)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Run_SameSeedTwice_GivesTheSameSchedule(int seed)
    {
        // Given
        var first = Run(RandomGraph(seed), seed);
        var second = Run(RandomGraph(seed), seed);

        // Then
        Assert.Equal(first.Start, second.Start);
        Assert.Equal(first.Finish, second.Finish);
    }

    [Fact]
    public void Run_DifferentSeeds_GiveDifferentSchedules()
    {
        // Given
        var graph = RandomGraph(3);

        // When
        var first = Run(graph, 3);
        var second = Run(graph, 4);

        // Then
        Assert.NotEqual(first.Finish, second.Finish);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Run_ResetSchedulerAndReusedWorkspace_GiveTheFreshSchedule(int seed)
    {
        // Given: a scheduler and a workspace that already ran the same graph with other durations
        var graph = RandomGraph(seed);
        var limits = GraphFactory.Limits(FailurePolicy.ContinueAlways, graph.Steps.Length, 3);
        var scheduler = new Scheduler(graph, limits);
        var workspace = new VirtualRunWorkspace(graph.Steps.Length);
        VirtualRun.Run(graph, scheduler, new TableModel(Durations(graph, seed + 1000)), new VirtualRunOptions(), workspace);

        // When
        scheduler.Reset();
        var reused = VirtualRun.Run(graph, scheduler, new TableModel(Durations(graph, seed)), new VirtualRunOptions(), workspace);

        // Then
        var fresh = Run(graph, seed);
        Assert.Equal(fresh.Start, reused.Start);
        Assert.Equal(fresh.Finish, reused.Finish);
        Assert.Equal(fresh.Enabler, reused.Enabler);
        Assert.Equal(fresh.Makespan, reused.Makespan);
        Assert.All(graph.Steps, s => Assert.Equal(1, reused.Scheduler.AttemptOf(s.Index) + (s.Kind == StepKind.Milestone ? 1 : 0)));
    }

    private static RunTimeline Run(ExecutionGraph graph, int seed)
    {
        var limits = GraphFactory.Limits(FailurePolicy.ContinueAlways, graph.Steps.Length, 3);
        return VirtualRun.Run(graph, new Scheduler(graph, limits), new TableModel(Durations(graph, seed)));
    }

    private static TimeSpan[] Durations(ExecutionGraph graph, int seed)
    {
        var random = new Random(seed * 7919);
        return [.. graph.Steps.Select(s => s.Kind == StepKind.Milestone ? TimeSpan.Zero : TimeSpan.FromSeconds(random.Next(1, 600)))];
    }

    /// <summary>Operations with a pool each: single-step targets and multi-step chains, joined by milestones.</summary>
    private static ExecutionGraph RandomGraph(int seed)
    {
        var random = new Random(seed);
        var factory = new GraphFactory();
        var milestones = new List<int>();
        var operations = random.Next(2, 6);
        for (var operation = 0; operation < operations; operation++)
        {
            var pool = factory.Pool(random.Next(1, 6));
            int[] entry = milestones.Count > 0 && random.Next(3) > 0 ? [milestones[random.Next(milestones.Count)]] : [];
            var sinks = new List<int>();
            var targets = random.Next(1, 40);
            for (var target = 0; target < targets; target++)
            {
                if (random.Next(3) == 0)
                {
                    var links = Enumerable.Range(0, random.Next(2, 4)).Select(_ => TimeSpan.FromSeconds(1)).ToArray();
                    sinks.Add(factory.Chain(links, pool, entry, operation % 3)[^1]);
                }
                else
                {
                    sinks.Add(factory.Step(TimeSpan.FromSeconds(1), pool, entry, operation % 3));
                }
            }

            milestones.Add(factory.Milestone([.. sinks], operation % 3));
        }

        return factory.Build();
    }
}
