using System.Collections.Immutable;

namespace Simulator.Calibration;

/// <summary>
/// How much whole runs differ in speed: on a shared cloud every attempt of one run is slower or faster together (the
/// load of the day), which attempts drawn independently cannot show, so a model of them gives too narrow a band for a
/// run's makespan. A one-way analysis of variance on the logarithms of the durations, grouped by run: the spread
/// of the runs' mean log durations beyond what their sampling noise explains (<see cref="Between"/>, the σ of a
/// lognormal speed factor of median 1 per run) and the σ of durations within a run (<see cref="Within"/>).
/// </summary>
public sealed record RunSpreadFit(int Runs, double Between, double Within, ImmutableArray<double> RunFactors)
{
    /// <summary>Successful attempts a run needs for its mean to count.</summary>
    public const int MinimumPerRun = 10;

    /// <summary>The fit, or null with fewer than two runs of <see cref="MinimumPerRun"/> attempts.</summary>
    public static RunSpreadFit? Fit(IReadOnlyList<double> seconds, IReadOnlyList<int> runs)
    {
        var groups = seconds.Select((s, i) => (Log: Math.Log(Math.Max(s, 0.001)), Run: runs[i]))
            .GroupBy(x => x.Run)
            .Where(g => g.Count() >= MinimumPerRun)
            .OrderBy(g => g.Key)
            .Select(g => g.Select(x => x.Log).ToArray())
            .ToList();
        if (groups.Count < 2)
        {
            return null;
        }

        var means = groups.Select(g => g.Average()).ToArray();
        var count = groups.Sum(g => g.Length);
        var within = groups.Select((g, j) => g.Sum(l => (l - means[j]) * (l - means[j]))).Sum() / (count - groups.Count);
        var grand = means.Average();
        var observed = means.Sum(m => (m - grand) * (m - grand)) / (groups.Count - 1);

        // A run's mean carries within/n of noise on its own: only what is left over is the runs' own spread.
        var between = Math.Max(0, observed - (within * groups.Average(g => 1.0 / g.Length)));
        return new RunSpreadFit(groups.Count, Math.Sqrt(between), Math.Sqrt(within), [.. means.Select(m => Math.Exp(m - grand))]);
    }
}
