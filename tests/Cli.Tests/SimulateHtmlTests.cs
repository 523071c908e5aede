using System.Text.RegularExpressions;
using Cli.Tests.TestKit;

namespace Cli.Tests;

/// <summary>The HTML page loads in a real headless Chromium (Debian's chromium) without script errors and draws its charts.</summary>
public sealed class SimulateHtmlTests
{
    [Theory]
    [InlineData("combined")]
    [InlineData("amphora-rotation")]
    public async Task SimulateHtml_InHeadlessChromium_DrawsTheChartsWithoutErrors(string example)
    {
        // Given
        var (exit, html, _) = await Mplan.RunAsync("simulate", $"plans/{example}.yaml", "--trials", "100", "--format", "html");
        Assert.Equal(0, exit);
        HeadlessChromium.AssertSelfContained(html);

        // When
        var (dom, log) = await HeadlessChromium.DumpDomAsync(html);

        // Then: the script ran to its end, drew both charts, and logged no error to the console
        Assert.Matches("<body[^>]*data-rendered=\"true\"", dom);
        Assert.True(Regex.Count(HeadlessChromium.Chart(dom, "gantt-chart"), "<rect") >= 10, "the Gantt chart has no bars");
        Assert.True(Regex.Count(HeadlessChromium.Chart(dom, "histogram-chart"), "<rect") >= 1, "the histogram has no bars");
        Assert.DoesNotMatch(HeadlessChromium.ConsoleError(), log);
    }

    [Fact]
    public async Task DumpDom_PageWithAScriptError_TheErrorIsSeen()
    {
        // Given: the check itself must be able to fail
        var (_, html, _) = await Mplan.RunAsync("simulate", "plans/amphora-expiry.yaml", "--format", "html");
        var broken = html.Replace("document.body.setAttribute('data-rendered'", "notAFunction(); document.body.setAttribute('data-rendered'", StringComparison.Ordinal);

        // When
        var (dom, log) = await HeadlessChromium.DumpDomAsync(broken);

        // Then
        Assert.Matches(HeadlessChromium.ConsoleError(), log);
        Assert.DoesNotMatch("<body[^>]*data-rendered=\"true\"", dom);
    }

    [Fact]
    public async Task SimulateHtml_WindowEndsBeyondEveryTrial_HistogramHasRoundTicksAndAnArrowAtTheRightEdge()
    {
        // Given: the failover example takes about an hour and a quarter in a 4-hour window
        var (exit, html, _) = await Mplan.RunAsync("simulate", "plans/amphora-failover.yaml", "--trials", "200", "--format", "html");
        Assert.Equal(0, exit);

        // When
        var chart = HeadlessChromium.Chart(html, "histogram-chart");

        // Then: round time ticks below (at least three, evenly spaced), count ticks from 0, and the window's end as an
        // arrow with its time instead of a line off the chart
        var times = Regex.Matches(chart, "<text class=\"tick\" x=\"[0-9.]+\" y=\"[0-9.]+\" text-anchor=\"middle\">\\+([^<]+)</text>")
            .Select(m => Planner.Documents.DurationText.TryParse(m.Groups[1].Value, out var t) ? t : TimeSpan.MinValue).ToList();
        Assert.True(times.Count >= 3, chart);
        Assert.Single(times.Zip(times.Skip(1), (a, b) => b - a).Distinct());
        Assert.Contains(">0</text>", chart, StringComparison.Ordinal);
        Assert.Matches("<path class=\"marker-window off\"", chart);
        Assert.Contains("window closes +4h, further right →", chart, StringComparison.Ordinal);
    }
}
