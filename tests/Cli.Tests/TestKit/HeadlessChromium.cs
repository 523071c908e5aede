using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Cli.Tests.TestKit;

/// <summary>Loads an HTML page in Debian's headless Chromium and returns the DOM after its scripts ran, and the console log.</summary>
internal static partial class HeadlessChromium
{
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<(string Dom, string Log)> DumpDomAsync(string html)
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: apt-get install -y chromium (.ci/run installs it)");
        var directory = Directory.CreateTempSubdirectory("mplan-html-");
        try
        {
            var page = Path.Combine(directory.FullName, "page.html");
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

    /// <summary>The markup of the chart <c>&lt;svg id="ID"&gt;</c> in a page or DOM.</summary>
    public static string Chart(string dom, string id) => new Regex($"<svg[^>]*id=\"{id}\".*?</svg>", RegexOptions.Singleline).Match(dom).Value;

    /// <summary>A script error or an error the page logged, in Chromium's console log.</summary>
    [GeneratedRegex(@":CONSOLE[^\n]*(Uncaught|Error)")]
    public static partial Regex ConsoleError();

    /// <summary>Fails when the page reaches for the network (the SVG namespace is a name, not a fetch).</summary>
    public static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }
}
