using Simulator.Engine;

namespace Planner.Tests.Simulations;

/// <summary>The simulator's trials run the same budgets and waves as the estimate: they show in the makespan's percentiles.</summary>
public sealed class RateControlSimulationTests
{
    [Fact]
    public void Simulation_PerProjectBudget_RaisesTheP90AsTheEstimateSays()
    {
        // Given: 20 LBs in 2 projects, 10 at once; with and without at most 1 per project
        var cluster = Cluster(20, 2, "kinds:", "  octavia.loadbalancer-failover: {failureProbability: 0.05}");
        var free = SimKit.Build(SimKit.FailoverPlan("concurrency: 10", "duration: {expected: 1m}"), cluster);
        var limited = SimKit.Build(SimKit.FailoverPlan("concurrency: 10", "duration: {expected: 1m}", "budgets: [{per: project, max: 1}]"), cluster);

        // When
        var withoutBudget = Simulation.Run(free.Plan, free.Profile, new SimulationOptions { Seed = 3, Trials = 200 });
        var withBudget = Simulation.Run(limited.Plan, limited.Profile, new SimulationOptions { Seed = 3, Trials = 200 });

        // Then: 2 at a time instead of 10 makes the run about five times longer in the estimate, and the trials (retries
        // included, which the budget does not change) several times longer
        Assert.True(limited.Plan.Estimate.Expected >= 4 * free.Plan.Estimate.Expected);
        Assert.True(withBudget.Summary.Makespan.P90 >= 3 * withoutBudget.Summary.Makespan.P90,
            $"p90 {withBudget.Summary.Makespan.P90} with the budget, {withoutBudget.Summary.Makespan.P90} without");
        Assert.True(withBudget.Summary.Makespan.P50 >= limited.Plan.Estimate.Expected * 0.5);
    }

    [Fact]
    public void Simulation_CanaryGate_AddsTheOperatorsResponseToEveryTrial()
    {
        // Given: a canary then a gate; the rest of the LBs wait for the simulated operator
        var cluster = Cluster(6, 1);
        var plain = SimKit.Build(SimKit.FailoverPlan("concurrency: 6", "duration: {expected: 1m}"), cluster);
        var gated = SimKit.Build(SimKit.FailoverPlan("concurrency: 6", "duration: {expected: 1m}", "canary: {targets: 1, then: pause}"), cluster);

        // When
        var withoutCanary = Simulation.Run(plain.Plan, plain.Profile, new SimulationOptions { Seed = 5, Trials = 100 });
        var withCanary = Simulation.Run(gated.Plan, gated.Profile, new SimulationOptions { Seed = 5, Trials = 100 });

        // Then: every trial takes the canary's minute, the gate and the rest's minute at least
        Assert.True(withCanary.Trials.Min(t => t.Makespan) > withoutCanary.Trials.Max(t => t.Makespan));
    }

    // count LBs round-robin over the given number of projects, with behaviour lines.
    private static string Cluster(int count, int projects, params string[] behaviour) => SimKit.Lines(
    [
        "apiVersion: mplan/v1", "kind: Cluster", "metadata: {name: c}", "loadBalancers:",
        .. Enumerable.Range(0, count).Select(i => $"  - {{id: lb-{i:00}, name: lb-{i:00}, project: p{i % projects}, provider: amphora, provisioningStatus: ACTIVE}}"),
        .. behaviour.Length > 0 ? ["behaviour:", .. behaviour.Select(b => "  " + b)] : Array.Empty<string>(),
    ]);
}
