using System.Diagnostics;
using System.Text.RegularExpressions;
using Cli.Tests.TestKit;

namespace Cli.Tests;

/// <summary>The HTML page loads in a real headless Chromium (Debian's chromium) without script errors and draws its charts.</summary>
public sealed partial class SimulateHtmlTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Theory]
    [InlineData("combined")]
    [InlineData("amphora-rotation")]
    public async Task SimulateHtml_InHeadlessChromium_DrawsTheChartsWithoutErrors(string example)
    {
        // Given
        var (exit, html, _) = await Mplan.RunAsync("simulate", $"plans/{example}.yaml", "--trials", "100", "--format", "html");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        // When
        var (dom, log) = await DumpDomAsync(html);

        // Then: the script ran to its end, drew both charts, and logged no error to the console
        Assert.Matches("<body[^>]*data-rendered=\"true\"", dom);
        Assert.True(Regex.Count(Chart("gantt-chart").Match(dom).Value, "<rect") >= 10, "the Gantt chart has no bars");
        Assert.True(Regex.Count(Chart("histogram-chart").Match(dom).Value, "<rect") >= 1, "the histogram has no bars");
        Assert.DoesNotMatch(ConsoleError(), log);
    }

    [Fact]
    public async Task DumpDom_PageWithAScriptError_TheErrorIsSeen()
    {
        // Given: the check itself must be able to fail
        var (_, html, _) = await Mplan.RunAsync("simulate", "plans/amphora-expiry.yaml", "--format", "html");
        var broken = html.Replace("document.body.setAttribute('data-rendered'", "notAFunction(); document.body.setAttribute('data-rendered'", StringComparison.Ordinal);

        // When
        var (dom, log) = await DumpDomAsync(broken);

        // Then
        Assert.Matches(ConsoleError(), log);
        Assert.DoesNotMatch("<body[^>]*data-rendered=\"true\"", dom);
    }

    private static Regex Chart(string id) => new($"<svg[^>]*id=\"{id}\".*?</svg>", RegexOptions.Singleline);

    private static async Task<(string Dom, string Log)> DumpDomAsync(string html)
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: apt-get install -y chromium (.ci/run installs it)");
        var directory = Directory.CreateTempSubdirectory("mplan-html-");
        try
        {
            var page = Path.Combine(directory.FullName, "simulation.html");
            await File.WriteAllTextAsync(page, html);
            var start = new ProcessStartInfo(Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
                     {
                         "--headless=new", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(directory.FullName, "profile")}",
                         "--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(page).AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            return (await output, await error);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@":CONSOLE[^\n]*(Uncaught|Error)")]
    private static partial Regex ConsoleError();
}
