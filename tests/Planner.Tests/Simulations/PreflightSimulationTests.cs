using Planner.Scheduling;
using Simulator.Engine;
using static Planner.Tests.Simulations.SimKit;

namespace Planner.Tests.Simulations;

/// <summary>
/// What plan knows of the inventory holds in the simulation: a preflight plan says would fail now (the OSDPL not
/// APPLIED, a component not Ready) fails in every trial, unless the behaviour section says when the deployment settles.
/// </summary>
public sealed class PreflightSimulationTests
{
    [Fact]
    public void UnsettledOsdpl_NoRecovery_PreflightFailsEveryAttemptAndNothingAfterItRuns()
    {
        // Given: the inventory shows the deployment APPLYING, and nothing says it settles
        var (plan, profile) = Build(PreflightPlan(), Cluster("APPLYING", "Ready", []));
        var starts = new StartRecorder();

        // When
        var run = Trial.Run(plan, profile, 1, starts);

        // Then: three attempts 10 s long, 30 s apart, all failing with plan's finding; the failover never starts
        var preflight = StepOf(plan, "preflight");
        var scheduler = run.Timeline.Scheduler;
        Assert.Equal([0, 40, 80], starts.Of(preflight));
        Assert.Equal(StepState.Failed, scheduler.StateOf(preflight));
        Assert.Contains("OSDPL osh-test is APPLYING", scheduler.ReasonOf(preflight));
        Assert.Equal(0, scheduler.AttemptOf(StepOf(plan, "failover/lb-01")));
        Assert.False(scheduler.IsFinished && scheduler.StateOf(StepOf(plan, "failover/lb-01")) == StepState.Succeeded);
    }

    [Fact]
    public void UnhealthyComponent_NoRecovery_PreflightFails()
    {
        // Given: APPLIED, but a component is not Ready
        var (plan, profile) = Build(PreflightPlan(), Cluster("APPLIED", "Unhealthy", []));

        // When
        var run = Trial.Run(plan, profile, 1);

        // Then
        var preflight = StepOf(plan, "preflight");
        Assert.Equal(StepState.Failed, run.Timeline.Scheduler.StateOf(preflight));
        Assert.Contains("unhealthy: octavia", run.Timeline.Scheduler.ReasonOf(preflight));
    }

    [Fact]
    public void UnsettledOsdpl_RecoversAfter45s_TheFirstAttemptFromThenOnPasses()
    {
        // Given: the deployment settles 45 s into the run
        var (plan, profile) = Build(PreflightPlan(), Cluster("APPLYING", "Ready", ["osdpl: {recoversAfter: 45s}"]));
        var starts = new StartRecorder();

        // When
        var run = Trial.Run(plan, profile, 1, starts);

        // Then: attempts at 0 s and 40 s fail (before 45 s), the one at 80 s passes; the failover follows at 90 s
        var preflight = StepOf(plan, "preflight");
        var scheduler = run.Timeline.Scheduler;
        Assert.Equal([0, 40, 80], starts.Of(preflight));
        Assert.Equal(StepState.Succeeded, scheduler.StateOf(preflight));
        Assert.Equal(TimeSpan.FromSeconds(90), run.Timeline.Finish[preflight]);
        Assert.Equal([90], starts.Of(StepOf(plan, "failover/lb-01")));
        Assert.True(scheduler.IsFinished);
    }

    [Fact]
    public void SettledOsdpl_PreflightPassesAtOnce()
    {
        // Given
        var (plan, profile) = Build(PreflightPlan(), Cluster("APPLIED", "Ready", []));

        // When
        var run = Trial.Run(plan, profile, 1);

        // Then
        Assert.Equal(1, run.Timeline.Scheduler.AttemptOf(StepOf(plan, "preflight")));
        Assert.True(run.Timeline.Scheduler.IsFinished);
    }

    private static string PreflightPlan() => Lines(
    [
        "apiVersion: mplan/v1", "kind: MaintenancePlan", "metadata: {name: preflight-test}",
        "windows: [{start: 2026-12-05T22:00:00Z, duration: 1d}]", "clusters:", $"  c: {{file: {SimKit.Cluster}}}", "operations:",
        "  - id: preflight", "    uses: mosk.osdpl-health", "    cluster: c", "    retry: {attempts: 3, delay: 30s, backoff: 1}",
        "  - id: failover", "    uses: octavia.loadbalancer-failover", "    cluster: c", "    needs: [preflight]",
    ]);

    private static string Cluster(string state, string octaviaHealth, string[] behaviour) => Lines(
    [
        "apiVersion: mplan/v1", "kind: Cluster", "metadata: {name: c}",
        $"openstackDeployment: {{name: osh-test, namespace: openstack, state: {state}, health: {{octavia: {{api: {octaviaHealth}}}, nova: {{api: Ready}}}}}}",
        "loadBalancers:", "  - {id: lb-01, name: lb-01, provider: amphora, provisioningStatus: ACTIVE}",
        "behaviour:",
        "  kinds:",
        "    mosk.osdpl-health: {duration: {fixed: 10s}}",
        "    octavia.loadbalancer-failover: {duration: {fixed: 60s}, failureProbability: 0}",
        .. behaviour.Select(b => "  " + b),
    ]);
}
