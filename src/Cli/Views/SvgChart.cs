using System.Globalization;
using System.Net;
using System.Text;

namespace Cli.Views;

/// <summary>
/// Inline SVG charts for the HTML pages, drawn on the server so the bytes are deterministic and the page needs no
/// script to show them: a time axis with round ticks, a Gantt chart and a histogram. Times are seconds from the
/// window's start. A marker (a window's end, a cutoff, a quantile) that falls outside the drawn range is shown as an
/// arrow at that edge with its time, so a reviewer always sees where the window ends.
/// </summary>
internal static class SvgChart
{
    /// <summary>One Gantt row: a solid bar from start to finish and, when <see cref="Until"/> is later, a pale tail to it.</summary>
    public sealed record Bar(string Label, double Start, double Finish, double Until, string Title);

    /// <summary>A vertical line at a time; <see cref="Css"/> is window, cutoff or quantile (its colour).</summary>
    public sealed record Marker(double At, string Label, string Css);

    /// <summary>A shaded stretch of time (a window).</summary>
    public sealed record Band(double From, double To, string Label);

    private const double Width = 960, Right = 24;

    // Tick spacings a reader finds round: seconds, minutes, hours, days.
    private static readonly double[] TimeSteps =
        [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

    /// <summary>Round time ticks covering [lo, hi], about <paramref name="about"/> of them, the first at or below lo.</summary>
    public static IReadOnlyList<double> TimeTicks(double lo, double hi, int about = 6)
    {
        var wanted = Math.Max(hi - lo, 1) / about;
        var step = TimeSteps.FirstOrDefault(s => s >= wanted, 0);
        if (step == 0)
        {
            step = Math.Ceiling(wanted / 604800) * 604800;
        }

        return Ticks(lo, hi, step);
    }

    /// <summary>Count ticks 0..at least max in steps of 1, 2 or 5 × 10^k.</summary>
    public static IReadOnlyList<double> CountTicks(double max, int about = 4)
    {
        var wanted = Math.Max(max, 1) / about;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(wanted)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= wanted);
        return Ticks(0, Math.Max(max, 1), Math.Max(1, step));
    }

    private static List<double> Ticks(double lo, double hi, double step)
    {
        var ticks = new List<double>();
        for (var t = Math.Floor(lo / step) * step; ; t += step)
        {
            ticks.Add(t);
            if (t >= hi - 1e-9)
            {
                return ticks;
            }
        }
    }

    /// <summary>"+1h30m" (relative to the window's start), to the second.</summary>
    public static string TimeLabel(double seconds) => Fmt.Offset(TimeSpan.FromSeconds(seconds));

    /// <summary>A Gantt chart: one row per bar on a time axis from 0 to about <paramref name="span"/> with ticks, bands behind, markers over it.</summary>
    public static string Gantt(string id, IReadOnlyList<Bar> bars, IReadOnlyList<Band> bands, IReadOnlyList<Marker> markers, double span)
    {
        const double left = 260, row = 22;
        var top = MarkerRows(markers);
        var ticks = TimeTicks(0, Math.Max(span, 1));
        var axis = new Axis(0, ticks[^1], left, Width - Right);
        var bottom = top + bars.Count * row;
        var svg = Start(id, bottom + 28);
        foreach (var band in bands.Where(b => b.To > axis.Lo && b.From < axis.Hi))
        {
            var x1 = axis.X(Math.Max(band.From, axis.Lo));
            var x2 = axis.X(Math.Min(band.To, axis.Hi));
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"band\" x=\"{N(x1)}\" y=\"{N(top)}\" width=\"{N(x2 - x1)}\" height=\"{N(bottom - top)}\"><title>{H(band.Label)}</title></rect>");
        }

        TimeAxis(svg, axis, ticks, top, bottom);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + i * row;
            var label = bar.Label.Length > 34 ? bar.Label[..33] + "…" : bar.Label;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{N(y + 15)}\">{H(label)}</text>");
            if (bar.Until > bar.Finish)
            {
                // Cut at the axis's end: a pessimistic tail of days would squeeze every expected bar to a sliver.
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar tail\" x=\"{N(axis.X(bar.Finish))}\" y=\"{N(y + 6)}\" width=\"{N(Math.Max(1, axis.X(Math.Min(bar.Until, axis.Hi)) - axis.X(bar.Finish)))}\" height=\"{N(row - 12)}\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar op\" x=\"{N(axis.X(bar.Start))}\" y=\"{N(y + 3)}\" width=\"{N(Math.Max(2, axis.X(bar.Finish) - axis.X(bar.Start)))}\" height=\"{N(row - 6)}\"><title>{H(bar.Title)}</title></rect>");
        }

        Markers(svg, axis, markers, bottom);
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A histogram of <paramref name="values"/> (seconds) with round time ticks below, count ticks on the left, and markers.</summary>
    public static string Histogram(string id, IReadOnlyList<double> values, IReadOnlyList<Marker> markers, string unit)
    {
        const double left = 56;
        var top = MarkerRows(markers);
        var bottom = top + 170;
        var lo = values.Count == 0 ? 0 : values.Min();
        var hi = values.Count == 0 ? 1 : values.Max();
        var ticks = TimeTicks(lo, hi);
        var axis = new Axis(ticks[0], ticks[^1], left, Width - Right);
        var bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(values.Count)), 1, 40);
        var size = Math.Max(hi - lo, 1e-9) / bins;
        var counts = new int[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - lo) / size))]++;
        }

        var countTicks = CountTicks(counts.DefaultIfEmpty(0).Max());
        var most = countTicks[^1];
        var svg = Start(id, bottom + 40);
        foreach (var c in countTicks)
        {
            var y = bottom - c / most * (bottom - top);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{N(left)}\" y1=\"{N(y)}\" x2=\"{N(Width - Right)}\" y2=\"{N(y)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{N(left - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{c.ToString(CultureInfo.InvariantCulture)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{N(top - 16)}\">{H(unit)}</text>");
        for (var i = 0; i < bins; i++)
        {
            var x1 = axis.X(lo + i * size);
            var x2 = axis.X(lo + (i + 1) * size);
            var h = counts[i] / most * (bottom - top);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar hist\" x=\"{N(x1)}\" y=\"{N(bottom - h)}\" width=\"{N(Math.Max(1, x2 - x1 - 1))}\" height=\"{N(h)}\">" +
                $"<title>{counts[i]} {H(unit)} from {TimeLabel(lo + i * size)} to {TimeLabel(lo + (i + 1) * size)}</title></rect>");
        }

        TimeAxis(svg, axis, ticks, bottom, bottom);
        Markers(svg, axis, markers, bottom);
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Start(string id, double height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" width=\"{N(Width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(Width)} {N(height)}\">");

    // The markers' labels take one row each above the chart.
    private static double MarkerRows(IReadOnlyList<Marker> markers) => 20 + 14 * markers.Count;

    // Grid lines at each tick from top to bottom, the axis line and the labels below the bottom.
    private static void TimeAxis(StringBuilder svg, Axis axis, IReadOnlyList<double> ticks, double top, double bottom)
    {
        foreach (var t in ticks)
        {
            var x = axis.X(t);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{N(x)}\" y1=\"{N(top)}\" x2=\"{N(x)}\" y2=\"{N(bottom + 5)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{N(x)}\" y=\"{N(bottom + 18)}\" text-anchor=\"middle\">{TimeLabel(t)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{N(axis.Left)}\" y1=\"{N(bottom)}\" x2=\"{N(axis.Right)}\" y2=\"{N(bottom)}\"/>");
    }

    // Each marker a line with its label in its own row above the chart; off the range, an arrow at the edge instead.
    private static void Markers(StringBuilder svg, Axis axis, IReadOnlyList<Marker> markers, double bottom)
    {
        var top = MarkerRows(markers);
        for (var i = 0; i < markers.Count; i++)
        {
            var m = markers[i];
            var y = 14 + 14 * i;
            var text = $"{m.Label} {TimeLabel(m.At)}";
            if (m.At > axis.Hi || m.At < axis.Lo)
            {
                var right = m.At > axis.Hi;
                var x = right ? axis.Right : axis.Left;
                var tip = right ? x + 10 : x - 10;
                var mid = ((top + bottom) / 2) + (18 * (i - ((markers.Count - 1) / 2.0))); // arrows at one edge side by side, not on top of each other
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path class=\"marker-{m.Css} off\" d=\"M{N(x)} {N(mid - 8)} L{N(tip)} {N(mid)} L{N(x)} {N(mid + 8)} Z\"/>" +
                    $"<text class=\"label-{m.Css}\" x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{(right ? "end" : "start")}\">" +
                    $"{(right ? "" : "← ")}{H(text)}, {(right ? "further right →" : "further left")}</text>");
                continue;
            }

            var at = axis.X(m.At);
            var anchor = at > axis.Right - 150 ? "end" : at < axis.Left + 150 ? "start" : "middle";
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"marker-{m.Css}\" x1=\"{N(at)}\" y1=\"{N(y + 3)}\" x2=\"{N(at)}\" y2=\"{N(bottom)}\"/>" +
                $"<text class=\"label-{m.Css}\" x=\"{N(at)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\">{H(text)}</text>");
        }
    }

    private readonly record struct Axis(double Lo, double Hi, double Left, double Right)
    {
        public double X(double t) => Left + (t - Lo) / Math.Max(Hi - Lo, 1e-9) * (Right - Left);
    }

    private static string N(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
