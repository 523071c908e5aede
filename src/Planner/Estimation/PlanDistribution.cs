using System.Collections.Immutable;

namespace Planner.Estimation;

/// <summary>
/// The plan's makespan as a distribution: seeded Monte Carlo trials of the behaviour model <c>mplan simulate</c> uses,
/// beside the planner's arithmetic. Data only (the Cli fills it from the simulator): views, the exit code and
/// the HTML page read it. Quantiles are nearest-rank over <see cref="MakespanSeconds"/>, as simulate's are.
/// </summary>
/// <param name="Trials">How many trials.</param>
/// <param name="Seed">The run seed; trial i uses SplitMix64(seed, i), as <c>mplan simulate --seed</c>.</param>
/// <param name="MakespanSeconds">Every trial's makespan in seconds, sorted ascending.</param>
/// <param name="WindowFits">
/// Per window, in the plan's order: the share of trials that finished by its end without starting work after a cutoff
/// and without a failure policy stopping them (a trial that fits window 1 fits window 2 too). The last one is simulate's
/// <c>window.fit_probability</c> less the trials a policy stopped.
/// </param>
/// <param name="FitAt">The quantile <c>--detailed-exitcode</c> judges the fit at.</param>
public sealed record PlanDistribution(int Trials, ulong Seed, ImmutableArray<double> MakespanSeconds, ImmutableArray<double> WindowFits, FitQuantile FitAt)
{
    /// <summary>The share of trials a failure policy stopped (a preflight that failed, too many failed targets): they fit no window.</summary>
    public double StoppedShare { get; init; }

    /// <summary>Why there are fewer trials than the default (a very big plan without <c>--trials</c>); null otherwise.</summary>
    public string? TrialsNote { get; init; }

    public TimeSpan P10 => Quantile(0.10);

    public TimeSpan P50 => Quantile(0.50);

    public TimeSpan P90 => Quantile(0.90);

    public TimeSpan P99 => Quantile(0.99);

    public TimeSpan Max => MakespanSeconds.IsEmpty ? TimeSpan.Zero : TimeSpan.FromSeconds(MakespanSeconds[^1]);

    public TimeSpan Mean => MakespanSeconds.IsEmpty ? TimeSpan.Zero : TimeSpan.FromSeconds(MakespanSeconds.Average());

    /// <summary>The share of trials that fit the plan's windows (1 without windows).</summary>
    public double FitProbability => WindowFits.IsEmpty ? 1 : WindowFits[^1];

    /// <summary>The nearest-rank quantile <paramref name="p"/> (0..1) of the makespan.</summary>
    public TimeSpan Quantile(double p) => MakespanSeconds.IsEmpty
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds(MakespanSeconds[Math.Clamp((int)Math.Ceiling(p * MakespanSeconds.Length) - 1, 0, MakespanSeconds.Length - 1)]);

    /// <summary>
    /// Whether the plan fits at <see cref="FitAt"/>: at least that share of trials fits the windows (for a makespan
    /// alone, the same as the quantile's makespan ending in time). <c>expected</c> is judged by the arithmetic, not here.
    /// </summary>
    public bool FitsAtQuantile => FitAt.Share is not { } share || FitProbability >= share - 1e-9;

    /// <summary>
    /// Counts of trials per bin of equal width from the shortest to the longest makespan, for a histogram
    /// (one bin when every trial took as long).
    /// </summary>
    public ImmutableArray<int> Histogram(int bins)
    {
        if (MakespanSeconds.IsEmpty || bins < 1)
        {
            return [];
        }

        var low = MakespanSeconds[0];
        var width = (MakespanSeconds[^1] - low) / bins;
        var counts = new int[width > 0 ? bins : 1];
        foreach (var value in MakespanSeconds)
        {
            counts[width > 0 ? Math.Min(bins - 1, (int)((value - low) / width)) : 0]++;
        }

        return [.. counts];
    }
}

/// <summary>
/// Where <c>--detailed-exitcode</c> judges the window fit (<c>--fit-at</c>): a quantile of the simulated makespan
/// (p50, p90, p99), or <c>expected</c>, the planner's arithmetic.
/// </summary>
public sealed record FitQuantile(string Name, double? Share)
{
    public static readonly FitQuantile Expected = new("expected", null);

    public static readonly FitQuantile P50 = new("p50", 0.50);

    public static readonly FitQuantile P90 = new("p90", 0.90);

    public static readonly FitQuantile P99 = new("p99", 0.99);

    /// <summary>The default: the plan fits when nine runs in ten would.</summary>
    public static FitQuantile Default => P90;

    public static ImmutableArray<FitQuantile> All { get; } = [P50, P90, P99, Expected];

    public static FitQuantile? Parse(string text) => All.FirstOrDefault(q => q.Name == text);

    public bool IsArithmetic => Share is null;
}
