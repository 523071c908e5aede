using Planner.Estimation;
using Planner.Operations;
using Planner.Tests.TestKit;
using Simulator.Behaviour;
using Simulator.Engine;

namespace Planner.Tests.Planning;

/// <summary>
/// The procedures' figures live in one table that the planner's arithmetic and the simulator's defaults both read;
/// the plan says where the guide and the code disagree; the plan's distribution runs the simulator's trials.
/// </summary>
public sealed class ProcedureFiguresTests
{
    [Fact]
    public void Failover_ArithmeticTakesTheGuidesMinute_AndItsSettingSaysTheCodeTakesLonger()
    {
        // Given
        var plan = Inventories.Resolve(Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover, cluster: c}\n"), Inventories.LoadBalancers(10));

        // When
        var operation = plan.Operations.Single();
        var setting = operation.Settings.Single(s => s.Name == "duration.expected");

        // Then: 10 LBs, 5 workers, 1m each
        Assert.Equal(ProcedureFigures.LoadBalancerFailover.Expected, operation.PerTarget);
        Assert.Equal(TimeSpan.FromMinutes(2), plan.Estimate.Expected);
        Assert.Equal(ProcedureFigures.LoadBalancerFailover.Disagreement, setting.Origin);
        Assert.Contains("MOSK guide", setting.Origin);
        Assert.Contains("Rockoon", setting.Origin);
    }

    [Theory]
    [InlineData("octavia.loadbalancer-failover")]
    [InlineData("dcmanager.kube-rootca-update")]
    [InlineData("mosk.cluster-update")]
    public void SimulatorDefaults_AreTheTablesLognormals(string kind)
    {
        // Given
        var figure = kind switch
        {
            "octavia.loadbalancer-failover" => ProcedureFigures.LoadBalancerFailover,
            "dcmanager.kube-rootca-update" => ProcedureFigures.SubcloudRootCaUpdate,
            _ => ProcedureFigures.NodeUpdate,
        };

        // When
        var defaults = BehaviourDefaults.For(kind);

        // Then
        Assert.Equal(new LogNormalDistribution(figure.Median.TotalSeconds, figure.P95.TotalSeconds), defaults.Duration);
        Assert.Equal(figure.FailureProbability, defaults.FailureProbability);
        Assert.Equal(figure.ModelSource, BehaviourDefaults.Kinds[kind].Source);
    }

    [Fact]
    public void RotationsWorstLoadBalancer_IsRockoonsSevenTriesAndTheirWaits()
    {
        // 7 tries of a 15 s sleep and 300 s of polls, with 5 s × 3^n between them: 7 × 315 s + 1,820 s.
        Assert.Equal(TimeSpan.FromSeconds(4025), ProcedureFigures.Rockoon.WorstPerLoadBalancer);
    }

    [Fact]
    public void DefaultTrials_AreFiveHundred_FewerForVeryBigPlans()
    {
        // Given
        var small = Inventories.Resolve(Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover, cluster: c}\n"), Inventories.LoadBalancers(10));
        var big = Inventories.Resolve(Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover, cluster: c}\n"), Inventories.LoadBalancers(10_000));

        // When / Then
        Assert.Equal(PlanDistributions.DefaultTrials, PlanDistributions.DefaultTrialsFor(small));
        Assert.Equal((int)(PlanDistributions.DefaultStepBudget / big.Graph.Steps.Length), PlanDistributions.DefaultTrialsFor(big));
        Assert.InRange(PlanDistributions.DefaultTrialsFor(big), PlanDistributions.MinimumDefaultTrials, PlanDistributions.DefaultTrials - 1);
    }

    [Fact]
    public void Distribution_NearestRankQuantilesAndWindowFits()
    {
        // Given: makespans 1..100 s, 93 trials fit
        var distribution = new PlanDistribution(100, 1, [.. Enumerable.Range(1, 100).Select(i => (double)i)], [0.93], FitQuantile.P90);

        // Then
        Assert.Equal(TimeSpan.FromSeconds(50), distribution.P50);
        Assert.Equal(TimeSpan.FromSeconds(90), distribution.P90);
        Assert.Equal(TimeSpan.FromSeconds(99), distribution.P99);
        Assert.True(distribution.FitsAtQuantile);
        Assert.False(distribution with { FitAt = FitQuantile.P99 } is { FitsAtQuantile: true });
        Assert.Equal(100, distribution.Histogram(20).Sum());
        Assert.Equal(20, distribution.Histogram(20).Length);
    }
}
