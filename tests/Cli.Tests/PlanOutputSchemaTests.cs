using System.Text.Json;
using Cli.Tests.TestKit;
using Planner.Diagnostics;

namespace Cli.Tests;

/// <summary>The JSON plan is a contract: every example's output validates against schemas/plan-output.v1.schema.json.</summary>
public sealed class PlanOutputSchemaTests
{
    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "plans"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task PlanJson_Example_ValidatesAgainstTheOutputSchema(string example)
    {
        // Given
        var (_, output, _) = await Mplan.RunAsync("plan", $"plans/{example}", "--format", "json");

        // When
        var diagnostics = Validate(output);

        // Then
        Assert.Empty(diagnostics.Items);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("1.1", document.RootElement.GetProperty("format_version").GetString());
    }

    [Fact]
    public async Task PlanJson_WithoutARequiredField_IsRejectedByTheSchema()
    {
        // Given: the output with "window" renamed, as a broken writer would produce
        var (_, output, _) = await Mplan.RunAsync("plan", "plans/amphora-rotation.yaml", "--format", "json");
        var broken = output.Replace("\"window\":", "\"windw\":", StringComparison.Ordinal);

        // When
        var diagnostics = Validate(broken);

        // Then
        SchemaCheck.AssertMissing(diagnostics, "window");
    }

    private static DiagnosticBag Validate(string json) => SchemaCheck.Validate(json, "plan-output.v1.schema.json");
}
