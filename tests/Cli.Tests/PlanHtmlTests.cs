using System.Text.Json;
using System.Text.RegularExpressions;
using Cli.Tests.TestKit;

namespace Cli.Tests;

/// <summary>
/// <c>mplan plan --format html</c>: the change-review page is self-contained and deterministic, loads in headless
/// Chromium without console errors, and draws one Gantt bar per operation, the window and its cutoff, and the
/// simulated distribution with its quantiles.
/// </summary>
public sealed class PlanHtmlTests
{
    [Theory]
    [InlineData("combined")]
    [InlineData("amphora-failover")]
    [InlineData("kube-rootca-update")]
    public async Task PlanHtml_InHeadlessChromium_OneGanttBarPerOperationWindowAndDistribution(string example)
    {
        // Given
        var (exit, html, error) = await Mplan.RunAsync("plan", $"plans/{example}.yaml", "--format", "html");
        Assert.True(exit == 0, error);
        var (_, json, _) = await Mplan.RunAsync("plan", $"plans/{example}.yaml", "--format", "json");
        using var plan = JsonDocument.Parse(json);
        var operations = plan.RootElement.GetProperty("operations").GetArrayLength();
        HeadlessChromium.AssertSelfContained(html);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);

        // When
        var (dom, log) = await HeadlessChromium.DumpDomAsync(html);

        // Then: the page loaded, with one expected bar per operation and the window's end and cutoff on the schedule
        Assert.DoesNotMatch(HeadlessChromium.ConsoleError(), log);
        var gantt = HeadlessChromium.Chart(dom, "gantt-chart");
        Assert.Equal(operations, Regex.Count(gantt, "class=\"bar op\""));
        Assert.Contains("window 1 ends +", gantt, StringComparison.Ordinal);
        Assert.Contains("window 1 cutoff +", gantt, StringComparison.Ordinal);
        Assert.True(Regex.Count(gantt, "class=\"tick\"") >= 3, "the schedule has no time ticks");

        // Then: the distribution with p50, p90 and p99 and the window's end, and the quantiles table agreeing with the JSON
        var distribution = HeadlessChromium.Chart(dom, "distribution-chart");
        Assert.True(Regex.Count(distribution, "class=\"bar hist\"") >= 1, "the distribution has no bars");
        foreach (var label in new[] { "p50 +", "p90 +", "p99 +", "window 1 ends +" })
        {
            Assert.Contains(label, distribution, StringComparison.Ordinal);
        }

        var p90 = plan.RootElement.GetProperty("distribution").GetProperty("makespan_seconds").GetProperty("p90").GetDouble();
        Assert.Contains($"p90 +{Planner.Documents.DurationText.Format(TimeSpan.FromSeconds(Math.Round(p90)))}", distribution, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanHtml_SameInputs_SameBytes()
    {
        var first = await Mplan.RunAsync("plan", "plans/combined.yaml", "--format", "html");
        var second = await Mplan.RunAsync("plan", "plans/combined.yaml", "--format", "html");
        Assert.Equal(first.Output, second.Output);
    }

    [Fact]
    public async Task PlanHtml_NoTrials_SaysTheDistributionIsMissingAndStillDrawsTheSchedule()
    {
        var (exit, html, _) = await Mplan.RunAsync("plan", "plans/amphora-failover.yaml", "--format", "html", "--trials", "0");
        Assert.Equal(0, exit);
        Assert.Contains("No simulation (<code>--trials 0</code>)", html, StringComparison.Ordinal);
        Assert.Equal("", HeadlessChromium.Chart(html, "distribution-chart"));
        Assert.Equal(2, Regex.Count(HeadlessChromium.Chart(html, "gantt-chart"), "class=\"bar op\""));
    }
}
