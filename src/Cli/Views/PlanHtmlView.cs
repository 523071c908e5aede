using System.Net;
using Planner.Estimation;
using Planner.Plans;
using Simulator.Behaviour;

namespace Cli.Views;

/// <summary>
/// <c>--format html</c>: one self-contained page for a change review (inline style and SVG, no script, nothing from
/// the network, the same bytes for the same inputs): the summary, the expected schedule as a Gantt chart with the
/// windows and cutoffs, the simulated makespan's distribution with its quantiles and the windows' ends, and the
/// operations.
/// </summary>
internal sealed class PlanHtmlView : IPlanView
{
    public IReadOnlyDictionary<string, BehaviourFile> BehaviourFiles { get; init; } = new Dictionary<string, BehaviourFile>();

    public PlanDistribution? Distribution { get; init; }

    public FitQuantile FitAt { get; init; } = FitQuantile.Default;

    private const string Style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; max-width: 1000px; }
        h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; } .note { color: #475467; }
        table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #d0d5dd; padding: 2px 8px; text-align: left; vertical-align: top; }
        th { background: #f2f4f7; } td.num { text-align: right; } .yes { color: #067647; } .no { color: #b42318; font-weight: bold; }
        .marker-expected { stroke: #6941c6; stroke-width: 1.5; fill: #6941c6; } .label-expected { fill: #6941c6; }
        """;

    public void Render(ResolvedPlan plan, TextWriter writer)
    {
        var name = H(plan.Plan.Metadata.Name);
        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        writer.WriteLine($"<title>mplan plan: {name}</title>");
        writer.WriteLine($"<style>{Style}{SimulateHtmlPage.SvgStyle}</style></head><body>");
        writer.WriteLine($"<h1>Maintenance plan {name}</h1>");
        if (plan.Plan.Metadata.Description is { } description)
        {
            writer.WriteLine($"<p>{H(description)}</p>");
        }

        writer.WriteLine("<table id=\"summary\">");
        foreach (var row in PlanSummary.Rows(plan, BehaviourFiles, Distribution, FitAt))
        {
            var verdict = row.Fits is { } fits ? $"<span class=\"{(fits ? "yes" : "no")}\">{(fits ? "✔ " : "✘ ")}</span>" : "";
            var strong = row.Strong is null ? "" : $"<strong>{H(row.Strong)}</strong> ";
            writer.WriteLine($"<tr><th>{H(row.Name)}</th><td>{verdict}{strong}{(row.Code ? $"<code>{H(row.Value)}</code>" : H(row.Value))}</td></tr>");
        }

        writer.WriteLine("</table>");
        writer.WriteLine("<h2>Expected schedule</h2>");
        writer.WriteLine("<p class=\"note\">Each operation from its expected start to its expected end (the arithmetic), a pale tail towards its pessimistic end (cut at the chart's edge; " +
            "the table below has it); time from the first window's start. Windows are shaded, each window's cutoff is dashed, its end red.</p>");
        writer.WriteLine($"<div id=\"gantt\">{Gantt(plan)}</div>");
        writer.WriteLine("<h2>Simulated duration</h2>");
        WriteDistribution(plan, writer);
        writer.WriteLine("<h2>Operations</h2>");
        WriteOperations(plan, writer);
        if (plan.Warnings.Length > 0)
        {
            writer.WriteLine("<h2>Warnings</h2><ul>");
            foreach (var warning in plan.Warnings)
            {
                writer.WriteLine($"<li><code>{H(warning.Headline)}</code></li>");
            }

            writer.WriteLine("</ul>");
        }

        writer.WriteLine("</body></html>");
    }

    private static string Gantt(ResolvedPlan plan)
    {
        var origin = plan.Origin(DateTimeOffset.UnixEpoch);
        var operations = PlanReview.InOrder(plan).ToList();
        var bars = operations.Select(o =>
        {
            var t = PlanReview.Timing(plan, o);
            return new SvgChart.Bar(o.Spec.Id, t.Start.TotalSeconds, t.Finish.TotalSeconds, t.PessimisticFinish.TotalSeconds,
                $"{o.Spec.Id} ({o.Spec.Uses}): {Fmt.Offset(t.Start)} to {Fmt.Offset(t.Finish)}, pessimistic {Fmt.Offset(t.PessimisticFinish)}; {PlanReview.Shape(o, t)}");
        }).ToList();
        var end = bars.Select(b => b.Finish).DefaultIfEmpty(0).Max();
        var windows = plan.Plan.Windows.Select((w, i) => (Number: i + 1, From: (w.Start - origin).TotalSeconds, To: (w.End - origin).TotalSeconds, Cutoff: (w.End - w.Cutoff - origin).TotalSeconds)).ToList();

        // The axis reaches the first window's end when that is not far beyond the work, so the spare time shows; else an arrow says where it is.
        var span = Math.Max(end, windows.Count > 0 && windows[0].To <= 3 * Math.Max(end, 1) ? windows[0].To : 0);
        var markers = new List<SvgChart.Marker>();
        foreach (var w in windows.Where(w => w.From <= span || w.Number == 1))
        {
            if (w.Cutoff > w.From && w.Cutoff < w.To)
            {
                markers.Add(new(w.Cutoff, $"window {w.Number} cutoff", "cutoff"));
            }

            markers.Add(new(w.To, $"window {w.Number} ends", "window"));
        }

        var bands = windows.Select(w => new SvgChart.Band(w.From, w.To, $"window {w.Number}")).ToList();
        return SvgChart.Gantt("gantt-chart", bars, bands, markers, span);
    }

    private void WriteDistribution(ResolvedPlan plan, TextWriter writer)
    {
        if (Distribution is not { } d)
        {
            writer.WriteLine("<p>No simulation (<code>--trials 0</code>): the arithmetic alone.</p>");
            return;
        }

        writer.WriteLine($"<p class=\"note\">{H(PlanReview.Quantiles(d))}, from the behaviour model <code>mplan simulate</code> uses; " +
            "the window's end is marked even when it lies outside the trials' range.</p>");
        var origin = plan.Origin(DateTimeOffset.UnixEpoch);
        var markers = new List<SvgChart.Marker>
        {
            new(plan.Estimate.Expected.TotalSeconds, "arithmetic", "expected"),
            new(d.P50.TotalSeconds, "p50", "quantile"),
            new(d.P90.TotalSeconds, "p90", "quantile"),
            new(d.P99.TotalSeconds, "p99", "quantile"),
        };
        markers.AddRange(plan.Plan.Windows.Select((w, i) => new SvgChart.Marker((w.End - origin).TotalSeconds, $"window {i + 1} ends", "window")));
        writer.WriteLine($"<div id=\"distribution\">{SvgChart.Histogram("distribution-chart", d.MakespanSeconds, markers, "trials")}</div>");
        writer.WriteLine("<table id=\"quantiles\"><tr><th>p10</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>mean</th><th>arithmetic</th><th>chance to fit</th></tr>");
        writer.WriteLine($"<tr><td>{Fmt.Duration(d.P10)}</td><td>{Fmt.Duration(d.P50)}</td><td>{Fmt.Duration(d.P90)}</td><td>{Fmt.Duration(d.P99)}</td><td>{Fmt.Duration(d.Max)}</td>" +
            $"<td>{Fmt.Duration(d.Mean)}</td><td>{Fmt.Duration(plan.Estimate.Expected)}</td><td>{H(PlanReview.WindowChances(plan, d))}</td></tr></table>");
    }

    private static void WriteOperations(ResolvedPlan plan, TextWriter writer)
    {
        writer.WriteLine("<table id=\"operations\"><tr><th>#</th><th>operation</th><th>kind</th><th>start</th><th>end</th><th>expected</th><th>pessimistic end</th><th>shape</th><th>arithmetic</th></tr>");
        var number = 0;
        foreach (var operation in PlanReview.InOrder(plan))
        {
            var t = PlanReview.Timing(plan, operation);
            writer.WriteLine($"<tr><td class=\"num\">{++number}</td><td><code>{H(operation.Spec.Id)}</code></td><td><code>{H(operation.Spec.Uses)}</code></td>" +
                $"<td>{Fmt.Offset(t.Start)}</td><td>{Fmt.Offset(t.Finish)}</td><td>{Fmt.Duration(t.Duration)}</td><td>{Fmt.Offset(t.PessimisticFinish)}</td>" +
                $"<td>{H(PlanReview.Shape(operation, t))}</td><td>{H(PlanReview.Arithmetic(operation, t) ?? "—")}</td></tr>");
        }

        writer.WriteLine("</table>");
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
