using System.Net;
using System.Text.Json.Nodes;
using Planner.Diagnostics;
using Simulator.Engine;

namespace Cli.Views;

/// <summary>
/// <c>--format html</c>: one self-contained page (inline style, script and SVG, nothing from the network): the
/// Gantt chart of trial 0 (drawn by the page's script), the makespan histogram over all trials with round time and
/// count ticks, its p10/p50/p90 and the window's end marked (inline SVG), and the tables.
/// </summary>
internal sealed class SimulateHtmlView : ISimulateView
{
    /// <summary>Steps drawn in the Gantt chart before it is cut (a browser struggles with tens of thousands of bars).</summary>
    public const int MaxGanttRows = 400;

    public void Render(SimulationResult result, TextWriter writer)
    {
        var name = H(result.Plan.Plan.Metadata.Name);
        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        writer.WriteLine($"<title>mplan simulate: {name}</title>");
        writer.WriteLine($"<style>{SimulateHtmlPage.Style}</style></head><body>");
        writer.WriteLine($"<h1>Simulation of {name}</h1>");
        writer.WriteLine($"<p>seed {result.Seed}, {DiagnosticText.Plural(result.Summary.Trials, "trial")}, plan sha256 <code>{result.Plan.Sha256}</code></p>");
        WriteSummary(result, writer);
        writer.WriteLine($"<h2>Trial 0: timeline</h2><p>{H(SimulateReview.Verdict(result))}; makespan {Fmt.Duration(result.First.Timeline.Makespan)}.</p>");
        writer.WriteLine("<div id=\"gantt\"></div>");
        writer.WriteLine($"<h2>Makespan over trials</h2><div id=\"histogram\">{Histogram(result)}</div>");
        writer.WriteLine("<h2>Operations (trial 0)</h2>");
        var text = new StringWriter { NewLine = "\n" };
        new SimulateTextView().Render(result, text);
        writer.WriteLine($"<pre>{H(OperationsPart(text.ToString()))}</pre>");
        writer.WriteLine($"<script type=\"application/json\" id=\"simulation-data\">{Data(result)}</script>");
        writer.WriteLine($"<script>{SimulateHtmlPage.Script}</script>");
        writer.WriteLine("</body></html>");
    }

    private static void WriteSummary(SimulationResult result, TextWriter writer)
    {
        var summary = result.Summary;
        var m = summary.Makespan;
        writer.WriteLine("<table><tr><th>makespan p50</th><th>p90</th><th>p99</th><th>max</th><th>fits the window</th><th>failed targets/run</th><th>operator interventions/run</th></tr>");
        writer.WriteLine($"<tr><td>{Fmt.Duration(m.P50)}</td><td>{Fmt.Duration(m.P90)}</td><td>{Fmt.Duration(m.P99)}</td><td>{Fmt.Duration(m.Max)}</td>" +
            $"<td>{SimulateReview.Percent(summary.FitProbability)}</td><td>{SimulateReview.Number(summary.ExpectedFailedTargets)}</td><td>{SimulateReview.Number(summary.ExpectedInterventions)}</td></tr></table>");
        writer.WriteLine("<table><tr><th>operation</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>failed/run</th></tr>");
        foreach (var o in summary.Operations)
        {
            writer.WriteLine($"<tr><td>{H(o.Id)}</td><td>{Fmt.Duration(o.Duration.P50)}</td><td>{Fmt.Duration(o.Duration.P90)}</td><td>{Fmt.Duration(o.Duration.P99)}</td>" +
                $"<td>{Fmt.Duration(o.Duration.Max)}</td><td>{SimulateReview.Number(o.ExpectedFailedTargets)}</td></tr>");
        }

        writer.WriteLine("</table>");
    }

    // The text view's per-operation reports: everything after its timeline, up to the Monte Carlo part.
    private static string OperationsPart(string text)
    {
        var start = text.IndexOf("\n\n", text.IndexOf("Timeline:", StringComparison.Ordinal), StringComparison.Ordinal);
        var end = text.IndexOf("\nMonte Carlo:", StringComparison.Ordinal);
        return text[(start + 2)..(end < 0 ? text.Length : end)].TrimEnd();
    }

    // The makespans with the p10, p50 and p90 and the window's close marked (at the edge when outside the makespans' range).
    private static string Histogram(SimulationResult result)
    {
        var m = result.Summary.Makespan;
        var markers = new List<SvgChart.Marker>
        {
            new(m.P10.TotalSeconds, "p10", "quantile"),
            new(m.P50.TotalSeconds, "p50", "quantile"),
            new(m.P90.TotalSeconds, "p90", "quantile"),
        };
        if (!result.Plan.Plan.Windows.IsDefaultOrEmpty)
        {
            markers.Add(new(result.WindowClose.TotalSeconds, "window closes", "window"));
        }

        return SvgChart.Histogram("histogram-chart", [.. result.Trials.Select(t => t.Makespan.TotalSeconds)], markers, "trials");
    }

    // The charts' data, as JSON inside a script element: the default encoder escapes <, > and &, so it cannot end the element.
    private static string Data(SimulationResult result)
    {
        var run = result.First.Timeline;
        var data = new JsonObject
        {
            ["makespan"] = run.Makespan.TotalSeconds,
            ["windowClose"] = result.Plan.Plan.Windows.IsDefaultOrEmpty ? null : result.WindowClose.TotalSeconds,
            ["steps"] = new JsonArray([.. SimulateReview.TimelineSteps(result).Take(MaxGanttRows).Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["state"] = SimulateReview.State(result, s.Index),
                ["start"] = run.Start[s.Index].TotalSeconds,
                ["finish"] = run.Finish[s.Index].TotalSeconds,
            })]),
        };
        return data.ToJsonString();
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
