using Simulator.Behaviour;
using Simulator.Calibration;
using Simulator.Sampling;

namespace Planner.Tests.Simulations;

/// <summary>The calibration's lognormal fit: maximum likelihood and its Kolmogorov–Smirnov distance.</summary>
public sealed class LogNormalFitTests
{
    [Fact]
    public void Fit_ThreeKnownSamples_IsTheMeanAndPopulationDeviationOfTheirLogs()
    {
        // Given: logs 0, 1, 2: μ = 1, σ² = (1 + 0 + 1) / 3 (the likelihood's 1/n, not 1/(n-1))
        var fit = LogNormalFit.Fit([1, Math.E, Math.E * Math.E]);

        // Then
        Assert.Equal(1, fit.Mu, 12);
        Assert.Equal(Math.Sqrt(2.0 / 3), fit.Sigma, 12);
        Assert.Equal(Math.E, fit.Median, 12);
    }

    [Theory]
    [InlineData(60, 150, 1UL)]
    [InlineData(0.5, 0.8, 7UL)]
    [InlineData(2400, 4200, 42UL)]
    public void Fit_SeededLogNormalSamples_RecoversTheirMedianAndP95(double median, double p95, ulong seed)
    {
        // Given: 5,000 draws of the simulator's own lognormal
        var samples = Draw(new LogNormalDistribution(median, p95), seed, 5000);

        // When
        var fit = LogNormalFit.Fit(samples);

        // Then: within a few percent, and D below the 5% critical value (the samples are what the model says)
        Assert.InRange(fit.Median / median, 0.97, 1.03);
        Assert.InRange(fit.P95 / p95, 0.95, 1.05);
        Assert.True(fit.KolmogorovSmirnovD < 1.36 / Math.Sqrt(samples.Count), $"D {fit.KolmogorovSmirnovD}");
    }

    [Fact]
    public void Fit_BimodalSamples_HasAKolmogorovSmirnovDistanceAboveTheCriticalValue()
    {
        // Given: two clusters of durations, which no single lognormal matches
        var samples = Draw(new UniformDistribution(10, 11), 3, 1000).Concat(Draw(new UniformDistribution(100, 110), 4, 1000)).ToList();

        // When
        var fit = LogNormalFit.Fit(samples);

        // Then
        Assert.True(fit.KolmogorovSmirnovD > 1.36 / Math.Sqrt(samples.Count), $"D {fit.KolmogorovSmirnovD}");
    }

    [Fact]
    public void Calibrator_TooFewAttempts_FitsNothingAndEnoughKeepsTheSamples()
    {
        // Given: one kind below the minimum, one at the empirical threshold
        var few = new KindObservations("octavia.canary", [.. Enumerable.Repeat(5.0, Calibrator.MinimumDurations - 1)], 19, 0, 19, 0);
        var many = new KindObservations("octavia.loadbalancer-failover", [.. Draw(new LogNormalDistribution(60, 90), 9, Calibrator.EmpiricalFrom)],
            Calibrator.EmpiricalFrom + 10, 10, Calibrator.EmpiricalFrom, 10);
        var data = new CalibrationData(["a.journal"], null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [few, many], [1, 2], []);

        // When
        var result = Calibrator.Fit(data);

        // Then
        var behaviour = result.Behaviour;
        Assert.False(behaviour.Kinds.ContainsKey("octavia.canary"));
        var failover = behaviour.Kinds["octavia.loadbalancer-failover"];
        Assert.Equal(Calibrator.EmpiricalFrom, Assert.IsType<SamplesDistribution>(failover.Duration).Seconds.Length);
        Assert.Equal(10.0 / (Calibrator.EmpiricalFrom + 10), failover.FailureProbability!.Value, 12);
        Assert.Null(result.OperatorResponse);
        Assert.Null(behaviour.OperatorResponse);
    }

    private static List<double> Draw(Distribution distribution, ulong seed, int count)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var random = new KeyedRandom(SplitMix64.TrialSeed(seed, i), 0, 0);
            samples.Add(distribution.Sample(ref random).TotalSeconds);
        }

        return samples;
    }
}
