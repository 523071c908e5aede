using Executor.Apply;
using Planner.Events;
using Planner.Scheduling;
using static Executor.Tests.Apply.ApplyFixtures;

namespace Executor.Tests.Apply;

/// <summary>The runner's gates with an in-memory desk: a policy's pause waits, an approval lets the run go on, and resume restores a pause nobody answered.</summary>
public sealed class GateRunnerTests
{
    [Fact]
    public async Task PolicyPause_WaitsUntilApprovedThenGoesOn()
    {
        // Given: one worker; the first failure pauses the run
        var plan = FailoverPlan(3, concurrency: 1, retry: "{attempts: 1}", policy: "{maxErrors: 0, onExceeded: pause}");
        var driver = new ScriptedDriver().Fail(Id(0), 1);
        var desk = new MemoryDesk();

        // When: the operator approves once the pause's gate waits
        var (result, events) = await Apply(plan, driver, desk, approveWhenWaiting: true);

        // Then: nothing ran while paused; after the approval the rest ran, and the run ended with the one failure
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        var waiting = events.Single(e => e.Kind == RunEventKind.GateWaiting);
        Assert.Equal("failover:pause-1", waiting.Gate);
        var closed = events.Single(e => e.Kind == RunEventKind.GateClosed);
        Assert.Equal(("approved", "operator"), (closed.State, closed.By));
        Assert.DoesNotContain(events, e => e.Kind == RunEventKind.StepStarted && e.Sequence > waiting.Sequence && e.Sequence < closed.Sequence);
        Assert.Equal(["lb-00#1", "lb-01#1", "lb-02#1"], driver.Runs);
    }

    [Fact]
    public async Task Resume_APauseNobodyAnswered_HoldsTheResumedRunUntilApproved()
    {
        // Given: an earlier run failed lb-00 and paused; it was interrupted before an operator answered
        var plan = FailoverPlan(3, concurrency: 1, retry: "{attempts: 1}", policy: "{maxErrors: 0, onExceeded: pause}");
        var earlier = new Dictionary<string, EarlierStep>(StringComparer.Ordinal)
        {
            [plan.Graph.Steps.Single(s => s.TargetId == Id(0)).Id] = new("failed", false),
        };
        var desk = new MemoryDesk { Pauses = [("failover:pause-1", "failover", "paused: 1 failed target(s)")] };
        var driver = new ScriptedDriver();

        // When
        var (result, events) = await Apply(plan, driver, desk, approveWhenWaiting: true, earlier);

        // Then: the resumed run waited at the same gate before it started anything
        var waiting = events.Single(e => e.Kind == RunEventKind.GateWaiting);
        Assert.Equal("failover:pause-1", waiting.Gate);
        Assert.DoesNotContain(events, e => e.Kind == RunEventKind.StepStarted && e.Sequence < waiting.Sequence);
        Assert.Equal(["lb-01#1", "lb-02#1"], driver.Runs);
        Assert.Equal(ApplyOutcome.Failed, result.Outcome); // lb-00's failure from the earlier run still counts
    }

    [Fact]
    public async Task Abort_WhilePaused_WithdrawsThePauseGate()
    {
        // Given
        var plan = FailoverPlan(3, concurrency: 1, retry: "{attempts: 1}", policy: "{maxErrors: 0, onExceeded: pause}");
        var driver = new ScriptedDriver().Fail(Id(0), 1);
        var desk = new MemoryDesk();

        // When: the operator aborts instead of approving
        var (result, events) = await Apply(plan, driver, desk, approveWhenWaiting: false, abort: () => desk.Asked ? "mplan abort" : null);

        // Then
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal("withdrawn", events.Single(e => e.Kind == RunEventKind.GateClosed).State);
        Assert.Equal(StepState.NotRun, Run.StateOf(result, plan, Id(2)));
    }

    private static Task<(ApplyResult Result, List<RunEvent> Events)> Apply(Planner.Plans.ResolvedPlan plan, ScriptedDriver driver, MemoryDesk desk,
        bool approveWhenWaiting, IReadOnlyDictionary<string, EarlierStep>? earlier = null, Func<string?>? abort = null)
    {
        desk.Approve = approveWhenWaiting;
        return Run.WithDesk(plan, driver, desk, earlier, abort);
    }
}
