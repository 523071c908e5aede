using System.Diagnostics;
using Cli.Tests.TestKit;

namespace Cli.Tests;

/// <summary>The DOT rendering of every example is accepted by Graphviz itself (Debian's graphviz).</summary>
public sealed class GraphRenderingTests
{
    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "plans"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task PlanDot_Example_GraphvizRendersItWithoutComplaint(string example)
    {
        // Given
        var (_, dot, _) = await Mplan.RunAsync("plan", $"plans/{example}", "--format", "dot");

        // When
        var (exit, svg, error) = await RunGraphvizAsync(dot);

        // Then
        // Graphviz may warn about fonts on a bare machine; a problem with the graph itself is an "Error:".
        Assert.True(exit == 0, $"dot failed: {error}");
        Assert.DoesNotContain("Error", error, StringComparison.Ordinal);
        Assert.Contains("<svg", svg);
        Assert.Contains("class=\"node\"", svg);
    }

    private static async Task<(int Exit, string Output, string Error)> RunGraphvizAsync(string input)
    {
        Assert.True(File.Exists("/usr/bin/dot"), "Graphviz is missing: apt-get install -y graphviz (.ci/run installs it)");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/dot", "-Tsvg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
