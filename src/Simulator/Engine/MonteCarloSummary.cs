using System.Collections.Immutable;

namespace Simulator.Engine;

/// <summary>Makespan (or duration) percentiles over trials, nearest-rank; p10-p90 is the band a prediction is checked against.</summary>
public sealed record Percentiles(TimeSpan P10, TimeSpan P50, TimeSpan P90, TimeSpan P99, TimeSpan Max, TimeSpan Mean)
{
    public static Percentiles Of(IReadOnlyList<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return new Percentiles(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        var sorted = values.Order().ToArray();
        TimeSpan Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        var mean = TimeSpan.FromTicks((long)sorted.Average(v => (double)v.Ticks));
        return new Percentiles(Rank(0.10), Rank(0.50), Rank(0.90), Rank(0.99), sorted[^1], mean);
    }
}

/// <summary>One operation over all trials: its duration percentiles and how many targets fail on average.</summary>
public sealed record OperationSummary(int Operation, string Id, Percentiles Duration, double ExpectedFailedTargets);

/// <summary>
/// The Monte Carlo answer: makespan percentiles, how often the plan fits its window, how many targets fail and how
/// often the operator is needed on average, how many trials broke the window or a failure policy, and which operation
/// takes the largest share of the slowest trials (those at or above the p99 makespan).
/// </summary>
public sealed record MonteCarloSummary(
    int Trials,
    Percentiles Makespan,
    double FitProbability,
    int WindowBreaches,
    int PolicyBreaches,
    double ExpectedFailedTargets,
    double ExpectedInterventions,
    ImmutableArray<OperationSummary> Operations,
    string? DominantOperation,
    double DominantShare,
    long StepEvents)
{
    public static MonteCarloSummary Of(IReadOnlyList<TrialSummary> trials, IReadOnlyList<(int Index, string Id)> operations)
    {
        var makespan = Percentiles.Of([.. trials.Select(t => t.Makespan)]);
        var summaries = operations
            .Select(o => new OperationSummary(o.Index, o.Id, Percentiles.Of([.. trials.Select(t => t.OperationDurations[o.Index])]),
                trials.Average(t => (double)t.FailedTargets[o.Index])))
            .ToImmutableArray();
        var tail = trials.Where(t => t.Makespan >= makespan.P99).ToList();
        var tailMean = tail.Average(t => t.Makespan.TotalSeconds);
        var dominant = operations
            .Select(o => (o.Id, Mean: tail.Average(t => t.OperationDurations[o.Index].TotalSeconds)))
            .OrderByDescending(x => x.Mean)
            .FirstOrDefault();
        return new MonteCarloSummary(
            trials.Count,
            makespan,
            trials.Count(t => t.FitsWindow) / (double)trials.Count,
            trials.Count(t => !t.FitsWindow),
            trials.Count(t => t.PolicyBreached),
            trials.Average(t => t.FailedTargets.Sum()),
            trials.Average(t => (double)t.Interventions),
            summaries,
            dominant.Id,
            tailMean > 0 ? dominant.Mean / tailMean : 0,
            trials.Sum(t => t.Attempts) * 2);
    }
}
