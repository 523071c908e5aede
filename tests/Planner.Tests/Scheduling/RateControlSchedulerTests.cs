using System.Collections.Immutable;
using Planner.Graph;
using Planner.Model;
using Planner.Operations;
using Planner.Scheduling;
using Planner.Tests.TestKit;

namespace Planner.Tests.Scheduling;

/// <summary>What a failed wave, a slow wave and a refused canary gate do to the run, in the shared scheduler.</summary>
public sealed class RateControlSchedulerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Run_FailedWaveUnderPausePolicy_PausesBeforeWideningUntilTheOperatorResumes()
    {
        // Given: waves of 1 and 2 then the rest; the first target fails
        var plan = OneOperation(targets: 6, capacity: 6, steps: [1, 2], gate: false);
        var model = new ScriptedModel().Fail(plan.Targets[0], 1, Minute);

        // When: the operator takes 10 minutes to resume
        var run = VirtualRun.Run(plan.Graph, new Scheduler(plan.Graph, plan.Limits(PolicyAction.Pause)), model,
            new VirtualRunOptions { OperatorResume = _ => TimeSpan.FromMinutes(10) });

        // Then: wave 2 waits for the operator, then waves go on as planned
        Assert.Equal(TimeSpan.FromMinutes(11), run.Start[plan.Targets[1]]);
        Assert.Equal(TimeSpan.FromMinutes(11), run.Start[plan.Targets[2]]);
        Assert.Equal(TimeSpan.FromMinutes(12), run.Start[plan.Targets[3]]);
        Assert.Contains(run.Scheduler.Notes, n => n.Message.Contains("wave 1 (1 target(s)) had 1 failed target(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_FailedWaveUnderStopPolicy_StartsNothingMore()
    {
        // Given
        var plan = OneOperation(targets: 6, capacity: 6, steps: [1, 2], gate: false, onFailure: PolicyAction.Stop);
        var model = new ScriptedModel().Fail(plan.Targets[1], 1, Minute);

        // When
        var run = VirtualRun.Run(plan.Graph, new Scheduler(plan.Graph, plan.Limits(PolicyAction.Stop)), model);

        // Then: wave 2 (targets 1 and 2) ran, nothing after it
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(plan.Targets[0]));
        Assert.Equal(StepState.Failed, run.Scheduler.StateOf(plan.Targets[1]));
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(plan.Targets[2]));
        Assert.All(plan.Targets.Skip(3), t => Assert.Equal(StepState.NotRun, run.Scheduler.StateOf(t)));
    }

    [Fact]
    public void Run_FailedLastWave_LeavesItToTheFailurePolicy()
    {
        // Given: a wave of 1, then the rest (1); the last target fails, and nothing is left to widen to
        var plan = OneOperation(targets: 2, capacity: 2, steps: [1], gate: false, onFailure: PolicyAction.Stop);
        var model = new ScriptedModel().Fail(plan.Targets[1], 1, Minute);

        // When
        var run = VirtualRun.Run(plan.Graph, new Scheduler(plan.Graph, plan.Limits(PolicyAction.Stop)), model);

        // Then
        Assert.DoesNotContain(run.Scheduler.Notes, n => n.Message.Contains("wave", StringComparison.Ordinal));
        Assert.Equal(StepState.Failed, run.Scheduler.StateOf(plan.Targets[1]));
    }

    [Fact]
    public void Run_WaveLongerThanItsTimeout_CountsAsFailed()
    {
        // Given: each wave must end within 2m; the first target takes 3m (and succeeds)
        var plan = OneOperation(targets: 3, capacity: 3, steps: [1], gate: false, waveTimeout: TimeSpan.FromMinutes(2), onFailure: PolicyAction.Stop);
        var model = new ScriptedModel().Take(plan.Targets[0], 1, TimeSpan.FromMinutes(3));

        // When
        var run = VirtualRun.Run(plan.Graph, new Scheduler(plan.Graph, plan.Limits(PolicyAction.Stop)), model);

        // Then
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(plan.Targets[0]));
        Assert.All(plan.Targets.Skip(1), t => Assert.Equal(StepState.NotRun, run.Scheduler.StateOf(t)));
        Assert.Contains(run.Scheduler.Notes, n => n.Message.Contains("longer than its 2m", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_CanaryGate_OpensAfterTheCanariesAndHoldsTheRestUntilItPasses()
    {
        // Given: one canary, then a gate the operator answers in 5m
        var plan = OneOperation(targets: 4, capacity: 4, steps: [], gate: true, canary: 1);

        // When
        var run = VirtualRun.Run(plan.Graph, new Scheduler(plan.Graph, plan.Limits(PolicyAction.Pause)), new FixedDurationModel(false));

        // Then
        Assert.Equal(TimeSpan.Zero, run.Start[plan.Targets[0]]);
        Assert.Equal(Minute, run.Start[plan.Gate]);
        Assert.All(plan.Targets.Skip(1), t => Assert.Equal(TimeSpan.FromMinutes(6), run.Start[t]));
        Assert.Equal(TimeSpan.FromMinutes(7), run.Makespan);
    }

    [Fact]
    public void Run_CanaryGateRefused_SkipsTheRest()
    {
        // Given
        var plan = OneOperation(targets: 4, capacity: 4, steps: [], gate: true, canary: 1);
        var model = new ScriptedModel().Fail(plan.Gate, 1, TimeSpan.FromMinutes(5));

        // When
        var run = VirtualRun.Run(plan.Graph, new Scheduler(plan.Graph, plan.Limits(PolicyAction.Continue)), model);

        // Then
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(plan.Targets[0]));
        Assert.All(plan.Targets.Skip(1), t => Assert.Equal(StepState.Skipped, run.Scheduler.StateOf(t)));
        Assert.Contains("canary gate", run.Scheduler.ReasonOf(plan.Targets[1]), StringComparison.Ordinal);
        Assert.True(run.Scheduler.IsFinished);
    }

    [Fact]
    public void Run_ResumedAfterTheCanaries_StartsTheGateNotTheCanariesAgain()
    {
        // Given: an earlier run finished the canary; the gate was still waiting
        var plan = OneOperation(targets: 3, capacity: 3, steps: [], gate: true, canary: 1);
        var finished = new Dictionary<int, StepState> { [0] = StepState.Succeeded, [plan.Targets[0]] = StepState.Succeeded };

        // When
        var scheduler = new Scheduler(plan.Graph, plan.Limits(PolicyAction.Pause), alreadyFinished: finished);
        var first = scheduler.TakeReady(TimeSpan.Zero);

        // Then
        Assert.Equal([plan.Gate], first.Select(s => s.Step));
    }

    private sealed record OneOperationPlan(ExecutionGraph Graph, int[] Targets, int Gate)
    {
        // Tolerates the failures the tests script: what halts the run is the wave, not the failure policy's threshold.
        public OperationLimits[] Limits(PolicyAction action) => [new(new FailurePolicy(10, null, false, action), Targets.Length)];
    }

    // start milestone, [canary gate], targets of 1m in one pool, done milestone; waves as given.
    private static OneOperationPlan OneOperation(int targets, int capacity, int[] steps, bool gate, int canary = 0, TimeSpan? waveTimeout = null,
        PolicyAction onFailure = PolicyAction.Pause)
    {
        var factory = new GraphFactory();
        var pool = factory.Pool(capacity);
        var start = factory.Milestone([]);
        var gateStep = -1;
        if (gate)
        {
            gateStep = 1;
            factory.Step(TimeSpan.FromMinutes(5), dependencies: [start]);
        }

        var heads = Enumerable.Range(0, targets).Select(_ => factory.Step(Minute, pool, [start])).ToArray();
        factory.Milestone([.. heads, .. gate ? new[] { gateStep } : []]);
        var graph = factory.Build();
        var stepsWithGate = graph.Steps.Select(s => s.Index != gateStep ? s : new Step
        {
            Index = s.Index, Id = "op:canary-approval", Operation = 0, Kind = StepKind.Gate, Action = "approve", Expected = s.Expected, Dependencies = s.Dependencies,
        });
        ImmutableArray<int> sizes = [.. canary > 0 ? [canary] : Array.Empty<int>(), .. steps];
        var waves = new OperationWaves(0, sizes, waveTimeout, onFailure, gateStep, canary);
        var rate = new RateControl([], [], [.. graph.Steps.Select(_ => Array.Empty<int>())], [waves]);
        var withGate = new ExecutionGraph([.. stepsWithGate], graph.Pools) { RateControl = rate };
        return new OneOperationPlan(withGate, heads, gateStep);
    }
}
