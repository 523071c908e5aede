using Planner.Model;
using Planner.Operations;
using Planner.Scheduling;
using Planner.Tests.TestKit;

namespace Planner.Tests.Scheduling;

public sealed class SchedulerTests
{
    private static readonly FailurePolicy Continue = FailurePolicy.ContinueAlways;

    [Theory]
    [InlineData(27, 5, 60)]
    [InlineData(100, 7, 75)]
    [InlineData(1, 5, 60)]
    [InlineData(10, 10, 30)]
    [InlineData(11, 10, 30)]
    public void Run_EqualTargetsInAPool_TakesCeilTargetsOverWorkersTimesDuration(int targets, int workers, int seconds)
    {
        // Given
        var factory = new GraphFactory();
        var pool = factory.Pool(workers);
        for (var i = 0; i < targets; i++)
        {
            factory.Step(TimeSpan.FromSeconds(seconds), pool);
        }

        var graph = factory.Build();

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, targets)), new FixedDurationModel(false));

        // Then
        var expected = (int)Math.Ceiling(targets / (double)workers) * seconds;
        Assert.Equal(TimeSpan.FromSeconds(expected), run.Makespan);
    }

    [Fact]
    public void WithPools_OtherCapacity_SharesTheEdgesAndSchedulesAsAGraphBuiltWithThatCapacity()
    {
        // Given: a chain after 12 steps in a pool of 2
        static Planner.Graph.ExecutionGraph Build(int workers)
        {
            var factory = new GraphFactory();
            var pool = factory.Pool(workers);
            var heads = Enumerable.Range(0, 12).Select(_ => factory.Step(TimeSpan.FromSeconds(60), pool)).ToArray();
            factory.Step(TimeSpan.FromSeconds(30), -1, heads);
            return factory.Build();
        }

        var graph = Build(2);
        var builtWithFive = Build(5);

        // When
        var withFive = graph.WithPools(graph.Pools.SetItem(0, graph.Pools[0] with { Capacity = 5 }));

        // Then
        Assert.Equal(5, withFive.Pools[0].Capacity);
        Assert.Equal(2, graph.Pools[0].Capacity);
        Assert.Equal(graph.DependentsOf(0).ToArray(), withFive.DependentsOf(0).ToArray());
        Assert.Same(graph.Dependents, withFive.Dependents);
        var makespan = VirtualRun.Run(withFive, new Scheduler(withFive, GraphFactory.Limits(Continue, 13)), new FixedDurationModel(false)).Makespan;
        Assert.Equal(VirtualRun.Run(builtWithFive, new Scheduler(builtWithFive, GraphFactory.Limits(Continue, 13)), new FixedDurationModel(false)).Makespan, makespan);
        Assert.Equal(TimeSpan.FromSeconds((3 * 60) + 30), makespan);
        Assert.Throws<ArgumentException>(() => graph.WithPools([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Run_UnequalDurationsInAPool_MatchesGreedyListScheduling(int workers)
    {
        // Given: durations in submission order, as an LB list in API order
        var random = new Random(7);
        var durations = Enumerable.Range(0, 40).Select(_ => random.Next(30, 300)).ToArray();
        var factory = new GraphFactory();
        var pool = factory.Pool(workers);
        foreach (var duration in durations)
        {
            factory.Step(TimeSpan.FromSeconds(duration), pool);
        }

        var graph = factory.Build();

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, durations.Length)), new FixedDurationModel(false));

        // Then: each task goes, in order, to the worker that frees up first
        var free = new PriorityQueue<int, int>();
        for (var w = 0; w < workers; w++)
        {
            free.Enqueue(0, 0);
        }

        var oracle = 0;
        foreach (var duration in durations)
        {
            var start = free.Dequeue();
            free.Enqueue(start + duration, start + duration);
            oracle = Math.Max(oracle, start + duration);
        }

        Assert.Equal(TimeSpan.FromSeconds(oracle), run.Makespan);
    }

    [Fact]
    public void Complete_FailedAttempts_RetryAfterDelayTimesBackoff()
    {
        // Given: Rockoon's retry: 7 attempts, 5 s delay, backoff 3
        var factory = new GraphFactory();
        var step = factory.Step(TimeSpan.FromSeconds(60), attempts: 7, retryDelay: TimeSpan.FromSeconds(5), backoff: 3);
        var graph = factory.Build();
        var model = new ScriptedModel().Fail(step, 1).Fail(step, 2);

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 1)), model);

        // Then: attempt 2 at 10+5 s, attempt 3 at 25+15 s, done 60 s later
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(step));
        Assert.Equal(3, run.Scheduler.AttemptOf(step));
        Assert.Equal(TimeSpan.FromSeconds(100), run.Makespan);
    }

    [Fact]
    public void Complete_AllAttemptsFail_StepFailsAndItsChainIsSkipped()
    {
        // Given
        var factory = new GraphFactory();
        var pool = factory.Pool(1);
        var chain = factory.Chain([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)], pool, []);
        var other = factory.Step(TimeSpan.FromSeconds(10), pool);
        var graph = factory.Build();
        var model = new ScriptedModel().Fail(chain[0], 1);

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 2)), model);

        // Then: the chain's slot is given back, so the other target still runs
        Assert.Equal(StepState.Failed, run.Scheduler.StateOf(chain[0]));
        Assert.Equal(StepState.Skipped, run.Scheduler.StateOf(chain[1]));
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(other));
        Assert.Equal(TimeSpan.FromSeconds(20), run.Makespan);
    }

    [Theory]
    [InlineData(2, false, 3)]
    [InlineData(2, true, 2)]
    [InlineData(0, false, 1)]
    public void Complete_CountPolicyWithStop_StopsOnTheFailureThatCrossesTheThreshold(int maxErrors, bool reached, int failuresBeforeStop)
    {
        // Given: ten serial targets that all fail
        var (graph, steps) = SerialTargets(10);
        var model = new ScriptedModel();
        foreach (var step in steps)
        {
            model.Fail(step, 1);
        }

        var policy = new FailurePolicy(maxErrors, null, reached, PolicyAction.Stop);

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(policy, 10)), model);

        // Then
        Assert.Equal(failuresBeforeStop, steps.Count(s => run.Scheduler.StateOf(s) == StepState.Failed));
        Assert.Equal(10 - failuresBeforeStop, steps.Count(s => run.Scheduler.StateOf(s) == StepState.NotRun));
        Assert.Contains("failed target", run.Scheduler.HaltReason);
    }

    [Theory]
    [InlineData(20.0, false, 3)]
    [InlineData(20.0, true, 2)]
    [InlineData(25.0, false, 3)]
    public void Complete_PercentagePolicy_ComparesFailuresWithTheShareOfTargets(double percent, bool reached, int failuresBeforeStop)
    {
        // Given
        var (graph, steps) = SerialTargets(10);
        var model = new ScriptedModel();
        foreach (var step in steps)
        {
            model.Fail(step, 1);
        }

        var policy = new FailurePolicy(null, percent, reached, PolicyAction.Stop);

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(policy, 10)), model);

        // Then
        Assert.Equal(failuresBeforeStop, steps.Count(s => run.Scheduler.StateOf(s) == StepState.Failed));
    }

    [Fact]
    public void Complete_ContinuePolicy_EveryTargetIsAttempted()
    {
        // Given
        var (graph, steps) = SerialTargets(6);
        var model = new ScriptedModel().Fail(steps[0], 1).Fail(steps[1], 1).Fail(steps[2], 1);

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(new FailurePolicy(1, null, false, PolicyAction.Continue), 6)), model);

        // Then
        Assert.Equal(3, steps.Count(s => run.Scheduler.StateOf(s) == StepState.Failed));
        Assert.Equal(3, steps.Count(s => run.Scheduler.StateOf(s) == StepState.Succeeded));
        Assert.Single(run.Scheduler.Notes);
    }

    [Fact]
    public void Complete_PausePolicy_HoldsNewWorkUntilResumed()
    {
        // Given: two workers; the policy pauses after more than one failure
        var factory = new GraphFactory();
        var pool = factory.Pool(2);
        var steps = Enumerable.Range(0, 5).Select(_ => factory.Step(TimeSpan.FromSeconds(10), pool)).ToArray();
        var graph = factory.Build();
        var scheduler = new Scheduler(graph, GraphFactory.Limits(new FailurePolicy(1, null, false, PolicyAction.Pause), 5));

        // When: both running targets fail
        var first = scheduler.TakeReady(TimeSpan.Zero);
        scheduler.Complete(first[0].Step, 1, StepOutcome.Failed, TimeSpan.FromSeconds(10));
        var afterOne = scheduler.TakeReady(TimeSpan.FromSeconds(10));
        scheduler.Complete(first[1].Step, 1, StepOutcome.Failed, TimeSpan.FromSeconds(10));
        var whilePaused = scheduler.TakeReady(TimeSpan.FromSeconds(10));
        var stateWhilePaused = scheduler.State;
        scheduler.Resume(TimeSpan.FromSeconds(60));
        var afterResume = scheduler.TakeReady(TimeSpan.FromSeconds(60));

        // Then
        Assert.Equal([steps[0], steps[1]], first.Select(s => s.Step));
        Assert.Equal([steps[2]], afterOne.Select(s => s.Step));
        Assert.Empty(whilePaused);
        Assert.Equal(RunState.Paused, stateWhilePaused);
        Assert.Equal([steps[3]], afterResume.Select(s => s.Step));
    }

    [Fact]
    public void Abort_WhileStepsRun_InFlightFinishAndTheRestIsNotRun()
    {
        // Given
        var factory = new GraphFactory();
        var pool = factory.Pool(2);
        var steps = Enumerable.Range(0, 6).Select(_ => factory.Step(TimeSpan.FromSeconds(10), pool)).ToArray();
        var graph = factory.Build();
        var scheduler = new Scheduler(graph, GraphFactory.Limits(Continue, 6));

        // When
        var running = scheduler.TakeReady(TimeSpan.Zero);
        scheduler.Abort(TimeSpan.FromSeconds(1));
        var finishedEarly = scheduler.IsFinished;
        foreach (var start in running)
        {
            scheduler.Complete(start.Step, start.Attempt, StepOutcome.Succeeded, TimeSpan.FromSeconds(10));
        }

        var more = scheduler.TakeReady(TimeSpan.FromSeconds(10));

        // Then
        Assert.False(finishedEarly);
        Assert.Empty(more);
        Assert.True(scheduler.IsFinished);
        Assert.Equal(2, steps.Count(s => scheduler.StateOf(s) == StepState.Succeeded));
        Assert.Equal(4, steps.Count(s => scheduler.StateOf(s) == StepState.NotRun));
    }

    [Fact]
    public void Advance_AttemptPastItsTimeout_CountsAsFailedAndLateResultIsIgnored()
    {
        // Given: a 30 s timeout, one attempt
        var factory = new GraphFactory();
        var step = factory.Step(TimeSpan.FromSeconds(10), max: TimeSpan.FromSeconds(30));
        var graph = factory.Build();
        var scheduler = new Scheduler(graph, GraphFactory.Limits(Continue, 1));
        var start = scheduler.TakeReady(TimeSpan.Zero).Single();

        // When
        var wake = scheduler.NextWakeUp;
        var expired = scheduler.Advance(TimeSpan.FromSeconds(30));
        scheduler.Complete(step, start.Attempt, StepOutcome.Succeeded, TimeSpan.FromSeconds(45));

        // Then
        Assert.Equal(TimeSpan.FromSeconds(30), wake);
        Assert.Single(expired);
        Assert.Equal(StepState.Failed, scheduler.StateOf(step));
        Assert.Equal("timed out", scheduler.ReasonOf(step));
    }

    [Fact]
    public void Complete_TargetCancelled_ChainSkippedSlotFreedAndMilestoneDone()
    {
        // Given
        var factory = new GraphFactory();
        var pool = factory.Pool(1);
        var chain = factory.Chain([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)], pool, []);
        var other = factory.Step(TimeSpan.FromSeconds(10), pool);
        var done = factory.Milestone([chain[1], other]);
        var after = factory.Step(TimeSpan.FromSeconds(10), dependencies: [done]);
        var graph = factory.Build();

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 2)), new ScriptedModel().Cancel(chain[0]));

        // Then
        Assert.Equal(StepState.Cancelled, run.Scheduler.StateOf(chain[0]));
        Assert.Equal(StepState.Skipped, run.Scheduler.StateOf(chain[1]));
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(done));
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(after));
    }

    [Fact]
    public void Constructor_StepsAlreadySucceeded_AreNeverStartedAgain()
    {
        // Given: a resume where the first two targets were done
        var (graph, steps) = SerialTargets(4);
        var model = new ScriptedModel();

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 4), alreadyFinished: new Dictionary<int, StepState> { [steps[0]] = StepState.Succeeded, [steps[1]] = StepState.Succeeded }), model);

        // Then
        Assert.Equal([steps[2], steps[3]], model.Calls.Select(c => c.Step));
        Assert.All(steps, s => Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(s)));
    }

    [Fact]
    public void Constructor_AFinishedStepAfterFinishedDependencies_IsNeverStartedAgain()
    {
        // Given: a -> b -> c, where a and b finished in the earlier run (b would become ready as a is restored)
        var factory = new GraphFactory();
        var a = factory.Step(TimeSpan.FromSeconds(10));
        var b = factory.Step(TimeSpan.FromSeconds(10), dependencies: [a]);
        var c = factory.Step(TimeSpan.FromSeconds(10), dependencies: [b]);
        var graph = factory.Build();
        var model = new ScriptedModel();

        // When
        var finished = new Dictionary<int, StepState> { [a] = StepState.Succeeded, [b] = StepState.Succeeded };
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 3), alreadyFinished: finished), model);

        // Then
        Assert.Equal([c], model.Calls.Select(call => call.Step));
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(c));
    }

    [Fact]
    public void Constructor_FailuresFromAnEarlierRun_CountTowardThePolicyAgain()
    {
        // Given: a resume where targets 0 and 1 failed before; the policy stops above 2 failures
        var (graph, steps) = SerialTargets(6);
        var model = new ScriptedModel().Fail(steps[2], 1).Fail(steps[3], 1);
        var earlier = new Dictionary<int, StepState> { [steps[0]] = StepState.Failed, [steps[1]] = StepState.Failed };
        var policy = new FailurePolicy(2, null, false, PolicyAction.Stop);

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(policy, 6), alreadyFinished: earlier), model);

        // Then: the first new failure is the third in all and stops the run; the failed ones were not retried
        Assert.Equal([steps[2]], model.Calls.Select(c => c.Step));
        Assert.Equal(StepState.Failed, run.Scheduler.StateOf(steps[0]));
        Assert.Equal(StepState.NotRun, run.Scheduler.StateOf(steps[3]));
        Assert.Equal(3, run.Scheduler.FailuresOf(0));
    }

    [Fact]
    public void TakeReady_AfterTheCutoff_NewWorkWaitsForTheNextWindow()
    {
        // Given: window 1 is 1h with a 10m cutoff; window 2 opens 24h later
        var (graph, steps) = SerialTargets(3, TimeSpan.FromMinutes(30));
        WindowSlot[] windows =
        [
            new(TimeSpan.Zero, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1)),
            new(TimeSpan.FromHours(24), TimeSpan.FromHours(25) - TimeSpan.FromMinutes(10), TimeSpan.FromHours(25)),
        ];

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 3), windows), new FixedDurationModel(false));

        // Then
        Assert.Equal(TimeSpan.FromMinutes(30), run.Start[steps[1]]);
        Assert.Equal(TimeSpan.FromHours(24), run.Start[steps[2]]);
        Assert.False(run.Scheduler.StartedOutsideWindows);
    }

    [Fact]
    public void TakeReady_AfterTheLastWindow_ApplyHoldsAndTheEstimateGoesOn()
    {
        // Given
        var (graph, _) = SerialTargets(3, TimeSpan.FromMinutes(30));
        WindowSlot[] windows = [new(TimeSpan.Zero, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1))];

        // When
        var estimate = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 3), windows), new FixedDurationModel(false));
        var apply = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 3), windows, holdOutsideWindows: true), new FixedDurationModel(false));

        // Then
        Assert.True(estimate.Scheduler.StartedOutsideWindows);
        Assert.Equal(TimeSpan.FromMinutes(90), estimate.Makespan);
        Assert.Equal(RunState.Paused, apply.Scheduler.State);
        Assert.Contains("cutoff", apply.Scheduler.HaltReason);
    }

    [Fact]
    public void TakeReady_ChainsInOnePool_HoldTheSlotFromFirstToLastStep()
    {
        // Given: one slot, two chains of two links
        var factory = new GraphFactory();
        var pool = factory.Pool(1);
        var a = factory.Chain([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)], pool, []);
        var b = factory.Chain([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)], pool, []);
        var graph = factory.Build();

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, GraphFactory.Limits(Continue, 2)), new FixedDurationModel(false));

        // Then
        Assert.Equal(run.Finish[a[1]], run.Start[b[0]]);
        Assert.Equal(TimeSpan.FromMinutes(30), run.Makespan);
    }

    private static (Planner.Graph.ExecutionGraph Graph, int[] Steps) SerialTargets(int count, TimeSpan? duration = null)
    {
        var factory = new GraphFactory();
        var pool = factory.Pool(1);
        var steps = Enumerable.Range(0, count).Select(_ => factory.Step(duration ?? TimeSpan.FromSeconds(10), pool)).ToArray();
        return (factory.Build(), steps);
    }
}
