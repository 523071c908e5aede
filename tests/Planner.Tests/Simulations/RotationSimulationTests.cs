using Planner.Reports;
using Planner.Scheduling;
using Simulator.Engine;
using static Planner.Tests.Simulations.SimKit;

namespace Planner.Tests.Simulations;

/// <summary>The simulator runs Rockoon's Job as the Job does (its own tries), and the follow-up only where the Job failed.</summary>
public sealed class RotationSimulationTests
{
    private static string Plan(string followUp = "select: {afterRotation: failed}") => Lines(
    [
        "apiVersion: mplan/v1", "kind: MaintenancePlan", "metadata: {name: sim-rotation}",
        "windows: [{start: 2026-12-05T22:00:00Z, duration: 2d}]", "clusters:", $"  c: {{file: {Cluster}}}", "operations:",
        "  - {id: rotate, uses: mosk.rotate-certificates}",
        $"  - {{id: failover, uses: octavia.loadbalancer-failover, needs: [rotate], {followUp}, retry: {{attempts: 1}}, failurePolicy: {{maxErrors: 100}}}}",
    ]);

    private static string Cluster6(params string[] behaviour) => Lines(
    [
        "apiVersion: mplan/v1", "kind: Cluster", "metadata: {name: c}", "openstackDeployment: {name: osdpl, state: APPLIED}", "loadBalancers:",
        .. Enumerable.Range(1, 6).Select(i => $"  - {{id: lb-{i:00}, name: lb-{i:00}, provider: amphora, provisioningStatus: {(i == 6 ? "ERROR" : "ACTIVE")}, amphorae: [{{id: a-{i:00}}}]}}"),
        .. behaviour.Length > 0 ? ["behaviour:", .. behaviour.Select(b => "  " + b)] : Array.Empty<string>(),
    ]);

    [Fact]
    public void FollowUp_RunsExactlyForTheLoadBalancersTheJobLeftFailed()
    {
        // Given: lb-02 fails every try, lb-06 (in ERROR) too, lb-04 is deleted meanwhile
        var (plan, profile) = Build(Plan(), Cluster6("targets: {lb-02: {fault: fails}, lb-04: {fault: deleted}, lb-06: {fault: fails}}"));

        // When
        var result = Simulation.Run(plan, profile, new SimulationOptions());

        // Then
        var scheduler = result.First.Timeline.Scheduler;
        var ran = Enumerable.Range(1, 6).Where(i => scheduler.AttemptOf(StepOf(plan, $"failover/lb-{i:00}")) > 0).Select(i => $"lb-{i:00}");
        Assert.Equal(["lb-02", "lb-06"], ran);
        var job = result.Reports.Single(r => r.Operation.Spec.Id == "rotate").Failover!;
        Assert.Equal(new StatusCounts(3, 1, 1, 0, 1), job.Counts);
        Assert.Equal(["lb-06"], job.RecoveryFailed.ToArray());
        var followUp = result.Reports.Single(r => r.Operation.Spec.Id == "failover").Failover!;
        Assert.Empty(followUp.NotHandled);
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    [InlineData(15UL)]
    public void FollowUp_SeededFailures_RunIffTheJobsStepForThatLoadBalancerFailed(ulong seed)
    {
        // Given: every try of the Job fails half the time, so some LBs fail all 7 in some trials
        var (plan, profile) = Build(Plan(), Cluster6("kinds: {mosk.rotate-certificates: {duration: {fixed: 60s}, failureProbability: 0.7}}"));

        // When
        var first = Trial.Run(plan, profile, seed);
        var again = Trial.Run(plan, profile, seed);

        // Then
        var scheduler = first.Timeline.Scheduler;
        for (var i = 1; i <= 6; i++)
        {
            var jobFailed = scheduler.StateOf(StepOf(plan, $"rotate/lb-{i:00}")) == StepState.Failed;
            Assert.Equal(jobFailed, scheduler.AttemptOf(StepOf(plan, $"failover/lb-{i:00}")) > 0);
        }

        Assert.Equal(first.Timeline.Makespan, again.Timeline.Makespan);
    }

    [Fact]
    public void JobFailover_ALoadBalancerThatFailsEveryTry_TakesTheJobsSevenTriesAndItsWaits()
    {
        // Given: a try takes 60 s; the Job waits 5, 15, 45, 135, 405, 1215 s between its 7 tries
        var (plan, profile) = Build(Plan(), Cluster6("kinds: {mosk.rotate-certificates: {duration: {fixed: 60s}, failureProbability: 0}}", "targets: {lb-03: {fault: fails}}"));

        // When
        var run = Trial.Run(plan, profile, 1);

        // Then
        var step = StepOf(plan, "rotate/lb-03");
        Assert.Equal(StepState.Failed, run.Timeline.Scheduler.StateOf(step));
        Assert.Equal(TimeSpan.FromSeconds((7 * 60) + 1820), run.Timeline.Finish[step] - run.Timeline.Start[step]);
        Assert.Equal(1, run.Timeline.Scheduler.AttemptOf(step));
    }

    [Fact]
    public void JobFailover_Default_IsAroundThePlansPerLoadBalancerTime()
    {
        // Given: no behaviour section; one LB in the Job takes 2 minutes per the plan
        var plan = Plan().Replace("uses: mosk.rotate-certificates}", "uses: mosk.rotate-certificates, duration: {expected: 2m}}", StringComparison.Ordinal);
        var (resolved, profile) = Build(plan, Cluster6());

        // When
        var durations = Enumerable.Range(0, 40).Select(seed => Trial.Run(resolved, profile, (ulong)seed).Timeline)
            .Select(t => (t.Finish[StepOf(resolved, "rotate/lb-01")] - t.Start[StepOf(resolved, "rotate/lb-01")]).TotalSeconds)
            .Order().ToList();

        // Then: the median near 120 s + Rockoon's 15 s sleep
        Assert.InRange(durations[20], 100, 175);
    }
}
