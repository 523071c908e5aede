using System.Globalization;
using Planner.Diagnostics;
using Planner.Documents;
using Simulator.Calibration;

namespace Cli.Views;

/// <summary>What <c>mplan calibrate</c> fitted, with the counts behind each figure and its goodness of fit.</summary>
internal static class CalibrationView
{
    public static void Render(CalibrationResult result, TextWriter writer)
    {
        var data = result.Data;
        var range = data.From is { } from && data.To is { } to ? $"data of {TimeText.Format(from)}..{TimeText.Format(to)}" : "no attempts";
        writer.WriteLine($"Calibration from {DiagnosticText.Plural(data.Journals.Length, "journal")}{(data.Cluster is null ? "" : $", cluster {data.Cluster}")}, {range}");
        foreach (var kind in result.Kinds)
        {
            var o = kind.Observations;
            writer.WriteLine($"  {o.Uses}: {o.SucceededSeconds.Length} succeeded of {DiagnosticText.Plural(o.EndedAttempts, "attempt")}, " +
                $"{o.FailedAttempts} failed; {o.RetriedSteps} of {DiagnosticText.Plural(o.Steps, "step")} retried; up to {o.Concurrency.MostInFlight} in flight (limit {o.Concurrency.Limit})");
            if (kind.LogNormal is not { } fit)
            {
                writer.WriteLine($"    not fitted: {o.SucceededSeconds.Length} successful attempts, needs {Calibrator.MinimumDurations}");
                continue;
            }

            writer.WriteLine($"    duration     {Fit(fit)}{(kind.Duration is Simulator.Behaviour.SamplesDistribution ? $"; keeps the {fit.Count} measured durations" : "")}");
            if (kind.RunSpread is { } spread)
            {
                writer.WriteLine($"    run to run   speed factor σ {N(spread.Between)} over {spread.Runs} runs (each run ×{string.Join(", ×", spread.RunFactors.Select(N))}); " +
                    $"σ {N(spread.Within)} within a run, the duration above with each run's factor taken out");
            }

            writer.WriteLine($"    failures     {P(kind.FailureProbability ?? 0)} per attempt");
        }

        writer.WriteLine(result.OperatorResponse is { } response
            ? $"  operator response at gates: {Fit(response)}"
            : $"  operator response at gates: not fitted: {DiagnosticText.Plural(data.OperatorResponseSeconds.Length, "approved gate")}, needs {Calibrator.MinimumResponses}");
        writer.WriteLine(data.OutageGapSeconds.IsEmpty
            ? "  API outage gaps: none seen"
            : $"  API outage gaps: {data.OutageGapSeconds.Length} ({string.Join(", ", data.OutageGapSeconds.Select(S))}); reported only: the behaviour's apiOutages are fixed times of one run");
    }

    // The 5% critical value of D, 1.36/√n for n above about 35, says whether the gap is larger than chance.
    private static string Fit(LogNormalFit fit) =>
        $"lognormal median {S(fit.Median)} p95 {S(fit.P95)} (MLE μ {N(fit.Mu)} σ {N(fit.Sigma)}, n {fit.Count}), " +
        $"KS D {N(fit.KolmogorovSmirnovD)} (5% critical {N(1.36 / Math.Sqrt(fit.Count))})";

    private static string S(double seconds) => DurationText.Format(TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)));

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string P(double value) => (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
