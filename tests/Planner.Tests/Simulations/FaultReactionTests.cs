using Planner.Reports;
using Planner.Scheduling;
using Simulator.Engine;
using static Planner.Tests.Simulations.SimKit;

namespace Planner.Tests.Simulations;

/// <summary>Every fault the behaviour section can inject, and how the shared scheduler reacts to it.</summary>
public sealed class FaultReactionTests
{
    private const string Fixed60 = "kinds: {octavia.loadbalancer-failover: {duration: {fixed: 60s}, failureProbability: 0}}";

    [Fact]
    public void Fails_RetriesWithThePlansDelayAndBackoff_ThenEndsFailed()
    {
        // Given: one LB that fails every attempt, 4 attempts 10 s apart doubling
        var (plan, profile) = Build(FailoverPlan("retry: {attempts: 4, delay: 10s, backoff: 2}"),
            LoadBalancers(1, [Fixed60, "targets: {lb-01: {fault: fails}}"]));
        var starts = new StartRecorder();

        // When
        var run = Trial.Run(plan, profile, 1, starts);

        // Then: starts at 0, 60+10, 130+20, 210+40; the last attempt ends at 310 s
        var step = StepOf(plan, "failover/lb-01");
        Assert.Equal([0, 70, 150, 250], starts.Of(step));
        Assert.Equal(StepState.Failed, run.Timeline.Scheduler.StateOf(step));
        Assert.Equal(TimeSpan.FromSeconds(310), run.Timeline.Finish[step]);
    }

    [Fact]
    public void Stuck_EveryAttemptRunsToItsTimeout()
    {
        // Given: a timeout of 2 minutes, two attempts 5 s apart
        var (plan, profile) = Build(FailoverPlan("duration: {expected: 1m, max: 2m}", "retry: {attempts: 2, delay: 5s, backoff: 1}"),
            LoadBalancers(1, [Fixed60, "targets: {lb-01: {fault: stuck}}"]));

        // When
        var run = Trial.Run(plan, profile, 1);

        // Then
        var step = StepOf(plan, "failover/lb-01");
        Assert.Equal(StepState.Failed, run.Timeline.Scheduler.StateOf(step));
        Assert.Equal("timed out", run.Timeline.Scheduler.ReasonOf(step));
        Assert.Equal(TimeSpan.FromSeconds(120 + 5 + 120), run.Timeline.Finish[step]);
    }

    [Fact]
    public void Deleted_EndsCancelledAfterOneAttempt()
    {
        // Given
        var (plan, profile) = Build(FailoverPlan(), LoadBalancers(2, [Fixed60, "targets: {lb-02: {fault: deleted}}"]));

        // When
        var result = Simulation.Run(plan, profile, new SimulationOptions());

        // Then
        var statistics = result.Reports.Single().Failover!;
        Assert.Equal(["lb-02"], statistics.Cancelled.ToArray());
        Assert.Equal(["lb-01"], statistics.Success.ToArray());
        Assert.Equal(1, result.First.Timeline.Scheduler.AttemptOf(StepOf(plan, "failover/lb-02")));
    }

    [Fact]
    public void StartsInError_WhenItsFailoverFails_EndsRecoveryFailed()
    {
        // Given: lb-01 in ERROR in the inventory, lb-02 said to start in ERROR by the behaviour, lb-03 ACTIVE; all fail
        var (plan, profile) = Build(FailoverPlan("retry: {attempts: 1}", "failurePolicy: {maxErrors: 10, onExceeded: stop}"),
            LoadBalancers(3, [Fixed60, "targets: {lb-01: {fault: fails}, lb-02: {fault: fails, startsInError: true}, lb-03: {fault: fails}}"], inError: 1));

        // When
        var result = Simulation.Run(plan, profile, new SimulationOptions());

        // Then
        var statistics = result.Reports.Single().Failover!;
        Assert.Equal(["lb-01", "lb-02"], statistics.RecoveryFailed.ToArray());
        Assert.Equal(["lb-03"], statistics.Failed.ToArray());
    }

    [Fact]
    public void ApiOutage_AttemptsInItFailFast_TheRetryAfterItSucceeds()
    {
        // Given: every call fails from +30s to +5m, after 10 s; retries a minute apart
        var (plan, profile) = Build(FailoverPlan("retry: {attempts: 7, delay: 1m, backoff: 1}"),
            LoadBalancers(1, [Fixed60, "apiOutages: [{from: 30s, to: 5m, failAfter: 10s}]"]));
        var starts = new StartRecorder();

        // When
        var run = Trial.Run(plan, profile, 1, starts);

        // Then: 0→40 (the outage begins at 30), 100→110, 170→180, 240→250 fail; 310→370 succeeds
        var step = StepOf(plan, "failover/lb-01");
        Assert.Equal([0, 100, 170, 240, 310], starts.Of(step));
        Assert.Equal(StepState.Succeeded, run.Timeline.Scheduler.StateOf(step));
        Assert.Equal(TimeSpan.FromSeconds(370), run.Timeline.Finish[step]);
    }

    [Theory]
    [InlineData("{maxErrors: 3, onExceeded: stop}", 4)]
    [InlineData("{maxErrors: 3, threshold: reached, onExceeded: stop}", 3)]
    [InlineData("{maxErrors: '20%', onExceeded: stop}", 3)]
    [InlineData("{maxErrors: '20%', threshold: reached, onExceeded: stop}", 2)]
    public void FailurePolicy_Stop_FiresAtTheExactThreshold_TheRestIsNotRun(string policy, int failedBeforeStop)
    {
        // Given: 10 LBs one at a time, the first 6 fail
        var faults = string.Join(", ", Enumerable.Range(1, 6).Select(i => $"lb-{i:00}: {{fault: fails}}"));
        var (plan, profile) = Build(FailoverPlan("concurrency: 1", "retry: {attempts: 1}", $"failurePolicy: {policy}"),
            LoadBalancers(10, [Fixed60, $"targets: {{{faults}}}"]));

        // When
        var run = Trial.Run(plan, profile, 1);

        // Then
        var scheduler = run.Timeline.Scheduler;
        var states = Enumerable.Range(1, 10).Select(i => scheduler.StateOf(StepOf(plan, $"failover/lb-{i:00}"))).ToList();
        Assert.Equal(failedBeforeStop, states.Count(s => s == StepState.Failed));
        Assert.Equal(10 - failedBeforeStop, states.Count(s => s == StepState.NotRun));
        Assert.Single(scheduler.Notes, n => n.Operation == 0);
    }

    [Fact]
    public void FailurePolicy_Pause_WaitsForTheOperatorsResponse_ThenGoesOn()
    {
        // Given: the first LB fails, the operator takes 10 minutes to resume
        var (plan, profile) = Build(FailoverPlan("concurrency: 1", "retry: {attempts: 1}", "failurePolicy: {maxErrors: 0, onExceeded: pause}"),
            LoadBalancers(2, [Fixed60, "operatorResponse: {fixed: 10m}", "targets: {lb-01: {fault: fails}}"]));

        // When
        var run = Trial.Run(plan, profile, 1);

        // Then
        Assert.Equal(TimeSpan.FromSeconds(60 + 600), run.Timeline.Start[StepOf(plan, "failover/lb-02")]);
        Assert.Equal(StepState.Succeeded, run.Timeline.Scheduler.StateOf(StepOf(plan, "failover/lb-02")));
        Assert.Equal(1, run.Pauses);
        Assert.Equal(1, run.Interventions);
    }

    [Fact]
    public void FailurePolicy_Continue_NotesTheBreachAndRunsEverything()
    {
        // Given
        var (plan, profile) = Build(FailoverPlan("concurrency: 1", "retry: {attempts: 1}", "failurePolicy: {maxErrors: 0, onExceeded: continue}"),
            LoadBalancers(3, [Fixed60, "targets: {lb-01: {fault: fails}}"]));

        // When
        var run = Trial.Run(plan, profile, 1);

        // Then
        Assert.Single(run.Timeline.Scheduler.Notes, n => n.Operation == 0);
        Assert.Equal(StepState.Succeeded, run.Timeline.Scheduler.StateOf(StepOf(plan, "failover/lb-03")));
        Assert.Equal(0, run.Pauses);
    }

    [Fact]
    public void Abort_InFlightStepsFinish_NothingNewStarts_TheRestIsNotRun()
    {
        // Given: 4 LBs, 2 at a time, aborted at +30s
        var (plan, profile) = Build(FailoverPlan("concurrency: 2"), LoadBalancers(4, [Fixed60]));

        // When
        var run = Trial.Run(plan, profile, 1, abortAt: TimeSpan.FromSeconds(30));

        // Then
        var scheduler = run.Timeline.Scheduler;
        Assert.Equal(StepState.Succeeded, scheduler.StateOf(StepOf(plan, "failover/lb-01")));
        Assert.Equal(TimeSpan.FromSeconds(60), run.Timeline.Finish[StepOf(plan, "failover/lb-02")]);
        Assert.Equal(StepState.NotRun, scheduler.StateOf(StepOf(plan, "failover/lb-03")));
        Assert.Equal(StepState.NotRun, scheduler.StateOf(StepOf(plan, "failover/lb-04")));
        Assert.Equal(RunState.Finished, scheduler.State);
    }

    [Fact]
    public void SubcloudOffline_WithStopOnFailure_FailsTheStrategy_TheRestStaysInitial()
    {
        // Given: 4 subclouds one at a time; the second goes offline
        var planText = Lines(
        [
            "apiVersion: mplan/v1", "kind: MaintenancePlan", "metadata: {name: dc}", "windows: [{start: 2026-12-05T22:00:00Z, duration: 1d}]",
            "clusters:", $"  dc: {{file: {Cluster}}}", "operations:", "  - id: rootca", "    uses: dcmanager.kube-rootca-update",
            "    with: {subcloudApplyType: serial, stopOnFailure: true}",
        ]);
        var cluster = Lines(
        [
            "apiVersion: mplan/v1", "kind: Cluster", "metadata: {name: dc}", "subclouds:",
            .. Enumerable.Range(1, 4).Select(i => $"  - {{name: subcloud{i:00}, kubeRootcaSync: out-of-sync}}"),
            "behaviour:", "  kinds: {dcmanager.kube-rootca-update: {duration: {fixed: 40m}}}", "  targets: {subcloud02: {fault: offline}}",
        ]);
        var (plan, profile) = Build(planText, cluster);

        // When
        var result = Simulation.Run(plan, profile, new SimulationOptions());

        // Then
        var strategy = result.Reports.Single().Strategy!;
        Assert.Equal("failed", strategy.State);
        Assert.Equal(["complete", "failed", "initial", "initial"], strategy.Steps.Select(s => s.State));
        Assert.Contains("Subcloud subcloud02 went offline", strategy.Steps[1].Details);
        Assert.Null(strategy.Steps[2].StartedAt);
    }

    [Fact]
    public void Gate_TakesTheOperatorsResponseTime_AndCountsAsAnIntervention()
    {
        // Given: an approval before the failover; the operator answers in 7 minutes
        var (plan, profile) = Build(FailoverPlan("approval: {message: go?}"), LoadBalancers(1, [Fixed60, "operatorResponse: {fixed: 7m}"]));

        // When
        var run = Trial.Run(plan, profile, 1);

        // Then
        Assert.Equal(TimeSpan.FromMinutes(7), run.Timeline.Start[StepOf(plan, "failover/lb-01")]);
        Assert.Equal(1, run.Interventions);
    }

    [Fact]
    public void LiveMigrationFailures_AfterTheLastAttempt_TheNodeFallsBackToManual()
    {
        // Given: one compute node whose 3 instances never migrate (2 min each); the operator takes 5 minutes, within
        // the step's timeout (3 x the migration time; a slower operator would time the node out, as apply would)
        var planText = Lines(
        [
            "apiVersion: mplan/v1", "kind: MaintenancePlan", "metadata: {name: update}", "windows: [{start: 2026-12-05T22:00:00Z, duration: 1d}]",
            "clusters:", $"  m: {{file: {Cluster}}}", "operations:", "  - id: update", "    uses: mosk.cluster-update",
            "    with: {trigger: {clusterRelease: mosk-next}}",
        ]);
        var cluster = Lines(
        [
            "apiVersion: mplan/v1", "kind: Cluster", "metadata: {name: m}", "nodes:", "  - {name: cmp-01, roles: [compute], instances: 3}",
            "behaviour:", "  operatorResponse: {fixed: 5m}",
            "  kinds: {mosk.cluster-update: {duration: {fixed: 15m}, failureProbability: 0, liveMigration: {perInstance: {fixed: 2m}, failureProbability: 1}}}",
        ]);
        var (plan, profile) = Build(planText, cluster);

        // When
        var result = Simulation.Run(plan, profile, new SimulationOptions());

        // Then: three attempts (Rockoon's default), the last one includes the operator's 5 minutes
        var migrate = StepOf(plan, "update/cmp-01/live-migrate");
        var scheduler = result.First.Timeline.Scheduler;
        Assert.Equal(3, scheduler.AttemptOf(migrate));
        Assert.Equal(StepState.Succeeded, scheduler.StateOf(migrate));
        Assert.Equal(result.First.Timeline.Start[migrate] + TimeSpan.FromMinutes(6 + 1 + 6 + 1 + 6 + 5), result.First.Timeline.Finish[migrate]);
        Assert.Contains("fell back to manual", scheduler.ReasonOf(migrate));
        Assert.Equal(1, result.First.Interventions);
        var node = Assert.Single(result.Reports.Single().Nodes);
        Assert.Equal("updated", node.State);
        Assert.Contains("fell back to manual", node.Details);
    }

    [Fact]
    public void Profiles_StepsThatAnswerAlike_ShareOne_AFaultyTargetHasItsOwn()
    {
        // Given: five LBs with the same behaviour but one stuck
        var (plan, profile) = Build(FailoverPlan(), LoadBalancers(5, [Fixed60, "targets: {lb-03: {fault: stuck}}"]));
        var profiles = Enumerable.Range(1, 5).Select(n => profile.Steps[StepOf(plan, $"failover/lb-0{n}")]).ToList();

        // Then: one shared instance for the four alike (a trial reads a few profiles, not one per step)
        Assert.Single(profiles.Where((_, n) => n != 2).Distinct(ReferenceEqualityComparer.Instance));
        Assert.Same(profiles[0], profiles[4]);
        Assert.NotSame(profiles[0], profiles[2]);
        Assert.Equal(Simulator.Behaviour.TargetFault.Stuck, profiles[2]!.Fault);
        Assert.Equal(Simulator.Behaviour.TargetFault.None, profiles[0]!.Fault);
    }
}
