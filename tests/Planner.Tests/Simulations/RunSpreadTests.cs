using Simulator.Behaviour;
using Simulator.Calibration;
using Simulator.Engine;
using Simulator.Sampling;

namespace Planner.Tests.Simulations;

/// <summary>
/// The run-to-run spread: calibration separates how much whole runs differ in speed from how much attempts differ
/// within a run, and the simulator draws one speed factor per trial, so the makespan's band is as wide as runs are.
/// </summary>
public sealed class RunSpreadTests
{
    [Fact]
    public void Fit_RunsAtDifferentSpeeds_RecoversTheirFactorsAndTheWithinRunSigma()
    {
        // Given: four runs of 400 draws of lognormal σ 0.2, each run scaled by its own factor
        double[] factors = [0.8, 0.95, 1.05, 1.25];
        var within = new LogNormalDistribution(10, 10 * Math.Exp(1.6448536269514722 * 0.2));
        var seconds = new List<double>();
        var runs = new List<int>();
        for (var run = 0; run < factors.Length; run++)
        {
            for (var i = 0; i < 400; i++)
            {
                var random = new KeyedRandom(SplitMix64.TrialSeed(7, i), run, 0);
                seconds.Add(within.Sample(ref random).TotalSeconds * factors[run]);
                runs.Add(run);
            }
        }

        // When
        var fit = RunSpreadFit.Fit(seconds, runs)!;

        // Then: σ within near 0.2; σ between near the factors' own (their logs' sample deviation); the factors in order
        var logs = factors.Select(f => Math.Log(f)).ToArray();
        var expected = Math.Sqrt(logs.Sum(l => (l - logs.Average()) * (l - logs.Average())) / (logs.Length - 1));
        Assert.Equal(4, fit.Runs);
        Assert.InRange(fit.Within, 0.19, 0.21);
        Assert.InRange(fit.Between, expected * 0.9, expected * 1.1);
        Assert.Equal(fit.RunFactors.Order(), fit.RunFactors);
        Assert.InRange(fit.RunFactors[^1] / fit.RunFactors[0], 1.25 / 0.8 * 0.95, 1.25 / 0.8 * 1.05);
    }

    [Fact]
    public void Fit_OneRunOrRunsAlike_NoSpreadBeyondNoise()
    {
        var one = RunSpreadFit.Fit([.. Enumerable.Range(1, 50).Select(i => 10.0 + (i % 7))], [.. Enumerable.Repeat(0, 50)]);
        Assert.Null(one);

        // Two runs of the same draws: their means are equal, so nothing is left beyond the noise
        var same = Enumerable.Range(1, 40).Select(i => 10.0 + (i % 7)).ToList();
        var alike = RunSpreadFit.Fit([.. same, .. same], [.. Enumerable.Repeat(0, 40), .. Enumerable.Repeat(1, 40)])!;
        Assert.Equal(0, alike.Between);
    }

    [Fact]
    public void Calibrator_RunsAtDifferentSpeeds_WritesRunSpreadAndANarrowerWithinRunDuration()
    {
        // Given: two runs, one 30% slower
        var fast = Enumerable.Range(0, 30).Select(i => 5.0 + (i % 5 * 0.1)).ToList();
        var kind = new KindObservations("octavia.loadbalancer-failover", [.. fast, .. fast.Select(s => s * 1.3)], 60, 0, 60, 0)
        {
            SucceededRuns = [.. Enumerable.Repeat(0, 30), .. Enumerable.Repeat(1, 30)],
        };
        var data = new CalibrationData(["a.journal", "b.journal"], null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [kind], [], []);

        // When
        var result = Calibrator.Fit(data);

        // Then: the spread is the runs' difference (ln 1.3 / √2 between two means), and the duration's p95 is the within-run one
        var behaviour = result.Behaviour.Kinds["octavia.loadbalancer-failover"];
        Assert.InRange(behaviour.RunSpread!.Value, Math.Log(1.3) / Math.Sqrt(2) * 0.95, Math.Log(1.3) / Math.Sqrt(2) * 1.05);
        var duration = Assert.IsType<LogNormalDistribution>(behaviour.Duration);
        Assert.True(duration.P95 < result.Kinds[0].LogNormal!.P95, $"p95 {duration.P95} is not below the pooled {result.Kinds[0].LogNormal!.P95}");
        Assert.Contains("runSpread: 0.18", BehaviourFile.Write("b", result.Behaviour, new BehaviourProvenance(["a", "b"], null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 60)), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_RunSpread_WidensTheMakespanBandAndKeepsItsMedian()
    {
        // Given: 60 LBs at 5 at once, 7 s each; the same with a run spread of 0.1
        var plan = SimKit.FailoverPlan("concurrency: 5", "duration: {expected: 7s, max: 5m}");
        var (p10, p50, p90) = Band(plan, []);
        var (q10, q50, q90) = Band(plan, ["    runSpread: 0.1"]);

        // Then: the band (as a share of the median) at least doubles, and the median stays within 2%
        Assert.True((q90 - q10) / q50 > 2 * (p90 - p10) / p50, $"without {p10}-{p90}, with {q10}-{q90}");
        Assert.InRange(q50 / p50, 0.98, 1.02);
    }

    private static (double P10, double P50, double P90) Band(string plan, string[] spread)
    {
        string[] behaviour = ["kinds:", "  octavia.loadbalancer-failover:", "    duration: {lognormal: {median: 7s, p95: 10s}}", "    failureProbability: 0", .. spread];
        var (resolved, profile) = SimKit.Build(plan, SimKit.LoadBalancers(60, behaviour));
        var result = Simulation.Run(resolved, profile, new SimulationOptions { Trials = 400 });
        var m = result.Summary.Makespan;
        return (m.P10.TotalSeconds, m.P50.TotalSeconds, m.P90.TotalSeconds);
    }
}
