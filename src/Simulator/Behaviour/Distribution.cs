using System.Collections.Immutable;
using Planner.Documents;
using Simulator.Sampling;

namespace Simulator.Behaviour;

/// <summary>A duration model: how long something takes, drawn per attempt. Results are whole milliseconds, never negative.</summary>
public abstract record Distribution
{
    public TimeSpan Sample(ref KeyedRandom random)
    {
        var milliseconds = Math.Round(SampleSeconds(ref random) * 1000);
        return milliseconds <= 0 ? TimeSpan.Zero : new TimeSpan((long)Math.Min(milliseconds, MaxMilliseconds) * TimeSpan.TicksPerMillisecond);
    }

    // A draw is capped at ten years, far beyond any window, so a heavy tail cannot overflow the clock.
    private const double MaxMilliseconds = 10.0 * 365 * 24 * 3600 * 1000;

    protected abstract double SampleSeconds(ref KeyedRandom random);

    /// <summary>The distribution as the behaviour section writes it, for reports.</summary>
    public abstract string Describe();

    protected static string D(double seconds) => DurationText.Format(TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)));
}

/// <summary><c>{fixed: 60s}</c>.</summary>
public sealed record FixedDistribution(double Seconds) : Distribution
{
    protected override double SampleSeconds(ref KeyedRandom random) => Seconds;

    public override string Describe() => $"fixed {D(Seconds)}";
}

/// <summary><c>{uniform: [40s, 90s]}</c>.</summary>
public sealed record UniformDistribution(double Low, double High) : Distribution
{
    protected override double SampleSeconds(ref KeyedRandom random) => Low + ((High - Low) * random.NextDouble());

    public override string Describe() => $"uniform {D(Low)}..{D(High)}";
}

/// <summary><c>{normal: {mean, stddev}}</c>, cut at zero.</summary>
public sealed record NormalDistribution(double Mean, double StdDev) : Distribution
{
    protected override double SampleSeconds(ref KeyedRandom random) => Mean + (StdDev * random.NextGaussian());

    public override string Describe() => $"normal mean {D(Mean)} stddev {D(StdDev)}";
}

/// <summary>
/// <c>{lognormal: {median, p95}}</c>: operators know a typical time and a bad-day time better than μ and σ, so the
/// distribution is given by its median (e^μ) and 95th percentile (e^(μ + 1.645σ)).
/// </summary>
public sealed record LogNormalDistribution(double Median, double P95) : Distribution
{
    private const double Z95 = 1.6448536269514722;

    private readonly double _mu = Math.Log(Median);
    private readonly double _sigma = P95 > Median ? (Math.Log(P95) - Math.Log(Median)) / Z95 : 0;

    protected override double SampleSeconds(ref KeyedRandom random) => Math.Exp(_mu + (_sigma * random.NextGaussian()));

    public override string Describe() => $"lognormal median {D(Median)} p95 {D(P95)}";
}

/// <summary><c>{samples: [55s, 61s, 70s]}</c>: measured durations, drawn uniformly.</summary>
public sealed record SamplesDistribution(ImmutableArray<double> Seconds) : Distribution
{
    protected override double SampleSeconds(ref KeyedRandom random) => Seconds[(int)(random.NextDouble() * Seconds.Length)];

    public override string Describe() => $"{Seconds.Length} samples";
}
