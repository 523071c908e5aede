using Tests.Shared;
using Planner.Diagnostics;
using Planner.Plans;
using Planner.Tests.TestKit;

namespace Planner.Tests.Planning;

/// <summary>The seeds' arithmetic, checked through the whole pipeline: plan + inventory -> estimate.</summary>
public sealed class EstimateTests
{
    [Theory]
    [InlineData(100, 5, 60)]
    [InlineData(27, 5, 75)]
    [InlineData(1000, 20, 60)]
    [InlineData(3, 5, 60)]
    public void Build_LoadBalancerFailover_TakesCeilOfLbsOverWorkersTimesFailoverTime(int lbs, int workers, int seconds)
    {
        // Given
        var plan = Inventories.Plan($"  - {{id: failover, uses: octavia.loadbalancer-failover, concurrency: {workers}, duration: {{expected: {seconds}s}}}}\n",
            "{start: 2026-12-05T22:00:00Z, duration: 100h}");

        // When
        var resolved = Build(plan, Inventories.LoadBalancers(lbs));

        // Then
        var expected = TimeSpan.FromSeconds(Math.Ceiling(lbs / (double)workers) * seconds);
        Assert.Equal(expected, resolved.Estimate.Expected);
        Assert.Equal(lbs, resolved.Operations.Single().Targets.Length);
    }

    [Fact]
    public void Build_SerialSubcloudStrategy_TakesTheSumOfSubcloudTimes()
    {
        // Given
        var plan = Inventories.Plan("  - {id: rootca, uses: dcmanager.kube-rootca-update, with: {subcloudApplyType: serial}, duration: {expected: 40m}}\n",
            "{start: 2026-12-05T22:00:00Z, duration: 100h}");

        // When
        var resolved = Build(plan, Inventories.Subclouds(12));

        // Then
        Assert.Equal(TimeSpan.FromMinutes(40 * 12), resolved.Estimate.Expected);
        Assert.Equal(1, resolved.Operations.Single().Concurrency);
    }

    [Theory]
    [InlineData(12, 4, 3)]
    [InlineData(13, 4, 4)]
    [InlineData(40, 2, 20)]
    public void Build_ParallelSubcloudStrategy_SlidingWindowOfMaxParallel(int subclouds, int maxParallel, int rounds)
    {
        // Given
        var plan = Inventories.Plan($"  - {{id: rootca, uses: dcmanager.kube-rootca-update, with: {{maxParallelSubclouds: {maxParallel}}}, duration: {{expected: 30m}}}}\n",
            "{start: 2026-12-05T22:00:00Z, duration: 100h}");

        // When
        var resolved = Build(plan, Inventories.Subclouds(subclouds));

        // Then
        Assert.Equal(TimeSpan.FromMinutes(30 * rounds), resolved.Estimate.Expected);
    }

    [Fact]
    public void Build_DcmanagerDefaults_AreTheCodeDefaultsAndAreShown()
    {
        // Given
        var plan = Inventories.Plan("  - {id: rootca, uses: dcmanager.kube-rootca-update}\n", "{start: 2026-12-05T22:00:00Z, duration: 100h}");

        // When
        var operation = Build(plan, Inventories.Subclouds(3)).Operations.Single();

        // Then
        Assert.Equal(2, operation.Concurrency);
        Assert.Contains(operation.Settings, s => s is { Name: "maxParallelSubclouds", Value: "2", IsDefault: true });
        Assert.Contains(operation.Settings, s => s is { Name: "stopOnFailure", Value: "false", IsDefault: true });
    }

    [Fact]
    public void Build_PlanTooLongForItsWindow_DoesNotFitAndNamesTheConcurrencyThatWould()
    {
        // Given: 100 failovers of 1m with 5 workers take 20m; the window is 10m
        var plan = Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover, concurrency: 5, duration: {expected: 1m}}\n",
            "{start: 2026-12-05T22:00:00Z, duration: 10m}");

        // When
        var window = Build(plan, Inventories.LoadBalancers(100)).Estimate.Window;

        // Then: 10 workers would need exactly 10m
        Assert.False(window.Fits);
        Assert.Equal(TimeSpan.FromMinutes(-10), window.Slack);
        Assert.Equal(new Planner.Estimation.ConcurrencyFix("failover", 5, 10), window.FitsWith);
    }

    [Fact]
    public void Build_Failover_PessimisticCountsEveryAttemptToItsTimeoutAndTheWaits()
    {
        // Given: one LB, 3 attempts with a 5m timeout, waits 5s then 15s
        var plan = Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover, duration: {expected: 1m, max: 5m}, retry: {attempts: 3, delay: 5s, backoff: 3}}\n");

        // When
        var estimate = Build(plan, Inventories.LoadBalancers(1)).Estimate;

        // Then
        Assert.Equal(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(20), estimate.Pessimistic);
    }

    [Fact]
    public void Build_Failover_ImpactCountsDowntimeAndTargetsDownAtOnce()
    {
        // Given
        var plan = Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover, concurrency: 4, impact: {downtimePerTarget: 30s}}\n");

        // When
        var impact = Build(plan, Inventories.LoadBalancers(10)).Estimate.Impact;

        // Then
        Assert.Equal(TimeSpan.FromMinutes(5), impact.TotalDowntime);
        Assert.Equal(4, impact.MaxTargetsDownAtOnce);
    }

    private static ResolvedPlan Build(string plan, string cluster)
    {
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", cluster), new Dictionary<string, string>(), diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return resolved!;
    }
}
