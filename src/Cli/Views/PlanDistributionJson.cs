using System.Text.Json;
using Planner.Estimation;
using Planner.Plans;
using static Planner.Plans.PlanJsonDocument;

namespace Cli.Views;

/// <summary>
/// The plan document's <c>distribution</c> (the simulated makespan; null with <c>--trials 0</c>) and <c>fit_at</c>
/// (which figure <c>--detailed-exitcode</c> judged the window fit by, and its verdict) properties.
/// </summary>
internal static class PlanDistributionJson
{
    /// <summary>Bins of the <c>histogram</c>: enough to draw, few enough to read.</summary>
    public const int HistogramBins = 20;

    public static void Write(Utf8JsonWriter json, ResolvedPlan plan, PlanDistribution? distribution, FitQuantile fitAt, bool fits)
    {
        if (distribution is null)
        {
            json.WriteNull("distribution");
        }
        else
        {
            json.WriteStartObject("distribution");
            json.WriteNumber("trials", distribution.Trials);
            json.WriteNumber("seed", distribution.Seed);
            if (distribution.TrialsNote is { } note)
            {
                json.WriteString("trials_note", note);
            }

            json.WriteStartObject("makespan_seconds");
            Seconds(json, "p10", distribution.P10);
            Seconds(json, "p50", distribution.P50);
            Seconds(json, "p90", distribution.P90);
            Seconds(json, "p99", distribution.P99);
            Seconds(json, "max", distribution.Max);
            Seconds(json, "mean", distribution.Mean);
            json.WriteEndObject();
            json.WriteNumber("fit_probability", Math.Round(distribution.FitProbability, 4));
            json.WriteNumber("stopped_probability", Math.Round(distribution.StoppedShare, 4));
            json.WriteStartArray("window_fit_probability");
            foreach (var fit in distribution.WindowFits)
            {
                json.WriteNumberValue(Math.Round(fit, 4));
            }

            json.WriteEndArray();
            json.WriteStartObject("histogram");
            Seconds(json, "from_seconds", TimeSpan.FromSeconds(distribution.MakespanSeconds.IsEmpty ? 0 : distribution.MakespanSeconds[0]));
            Seconds(json, "to_seconds", distribution.Max);
            json.WriteStartArray("counts");
            foreach (var count in distribution.Histogram(HistogramBins))
            {
                json.WriteNumberValue(count);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        // With no trials a quantile cannot be judged: the arithmetic decides, and says so.
        var used = distribution is null ? FitQuantile.Expected : fitAt;
        json.WriteStartObject("fit_at");
        json.WriteString("requested", fitAt.Name);
        json.WriteString("exit_code_uses", used.Name);
        Seconds(json, "makespan_seconds", used.Share is { } share ? distribution!.Quantile(share) : plan.Estimate.Expected);
        json.WriteBoolean("fits", fits);
        json.WriteEndObject();
    }

}
