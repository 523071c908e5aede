using Cli.Tests.TestKit;

namespace Cli.Tests;

/// <summary>Every example in plans/ is validated, planned, and its renderings are golden-tested.</summary>
public sealed class ExamplePlanTests
{
    public static TheoryData<string> Examples() => [.. ExampleNames()];

    public static TheoryData<string, string> ExamplesAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var example in ExampleNames())
        {
            foreach (var format in new[] { "text", "markdown", "json", "mermaid", "dot" })
            {
                data.Add(example, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Validate_Example_IsValid(string example)
    {
        // When
        var (exit, output, error) = await Mplan.RunAsync("validate", $"plans/{example}.yaml");

        // Then
        Assert.Equal(0, exit);
        Assert.Contains(": valid (", output);
        Assert.DoesNotContain("error", error);
    }

    [Theory]
    [MemberData(nameof(ExamplesAndFormats))]
    public async Task Plan_Example_MatchesGolden(string example, string format)
    {
        // When
        var (exit, output, _) = await Mplan.RunAsync("plan", $"plans/{example}.yaml", "--format", format);

        // Then
        Assert.Equal(0, exit);
        Golden.Assert(output, $"plans/{example}.{Extension(format)}");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Plan_SameInputsTwice_GiveTheSameBytes(string example)
    {
        // When
        var first = await Mplan.RunAsync("plan", $"plans/{example}.yaml", "--format", "json");
        var second = await Mplan.RunAsync("plan", $"plans/{example}.yaml", "--format", "json");

        // Then
        Assert.Equal(first.Output, second.Output);
    }

    private static IEnumerable<string> ExampleNames() =>
        Directory.GetFiles(Path.Combine(Repository.Root, "plans"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    private static string Extension(string format) => format switch
    {
        "markdown" => "md",
        "json" => "json",
        "mermaid" => "mmd",
        "dot" => "dot",
        _ => "txt",
    };
}
