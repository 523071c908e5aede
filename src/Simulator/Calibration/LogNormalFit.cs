using MathNet.Numerics.Distributions;
using Simulator.Behaviour;

namespace Simulator.Calibration;

/// <summary>
/// A lognormal fitted by maximum likelihood to measured durations (μ and σ of their logarithms, σ with 1/n), and its
/// Kolmogorov–Smirnov distance D to the samples: the largest gap between the fitted and the empirical CDF.
/// </summary>
public sealed record LogNormalFit(int Count, double Mu, double Sigma, double KolmogorovSmirnovD)
{
    private const double Z95 = 1.6448536269514722;

    // Durations are journaled to the tick, but an attempt can end within the clock's resolution; ln(0) has no value.
    private const double ShortestSeconds = 0.001;

    public double Median => Math.Exp(Mu);

    public double P95 => Math.Exp(Mu + (Z95 * Sigma));

    /// <summary>The fit as the behaviour section writes it, by median and p95.</summary>
    public LogNormalDistribution ToDistribution() => new(Median, P95);

    public static LogNormalFit Fit(IReadOnlyList<double> seconds)
    {
        if (seconds.Count == 0)
        {
            throw new ArgumentException("a fit needs at least one duration", nameof(seconds));
        }

        var logs = seconds.Select(s => Math.Log(Math.Max(s, ShortestSeconds))).ToArray();
        var mu = logs.Average();
        var sigma = Math.Sqrt(logs.Sum(l => (l - mu) * (l - mu)) / logs.Length);
        return new LogNormalFit(logs.Length, mu, sigma, Distance(logs, mu, sigma));
    }

    // D = max over the sorted samples of the CDF's distance to the empirical steps on either side; on the log scale.
    private static double Distance(double[] logs, double mu, double sigma)
    {
        Array.Sort(logs);
        var n = logs.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = sigma > 0 ? Normal.CDF(mu, sigma, logs[i]) : (logs[i] >= mu ? 1 : 0);
            d = Math.Max(d, Math.Max(((i + 1.0) / n) - f, f - ((double)i / n)));
        }

        return d;
    }
}
