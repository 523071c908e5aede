using Cli.Tests.TestKit;

namespace Cli.Tests;

/// <summary>Every golden JSON file is valid against its schema, checked by JsonSchema.Net (and mplan's validator agrees).</summary>
public sealed class GoldenJsonSchemaTests
{
    // Which schema the JSON goldens of each folder of tests/Cli.Tests/golden follow.
    private static readonly Dictionary<string, string> SchemaOfFolder = new(StringComparer.Ordinal)
    {
        ["plans"] = "plan-output.v1.schema.json",
        ["simulate"] = "simulate-output.v1.schema.json",
        ["show"] = "journal-show.v1.schema.json",
    };

    private static string GoldenRoot => Path.Combine(Repository.Root, "tests", "Cli.Tests", "golden");

    public static TheoryData<string> GoldenJsonFiles() => [.. GoldenJsonPaths()];

    private static List<string> GoldenJsonPaths() =>
        [.. Directory.GetFiles(GoldenRoot, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(p => Path.GetRelativePath(GoldenRoot, p))];

    [Fact]
    public void GoldenJson_EveryFolder_HasASchema()
    {
        // Given
        var folders = GoldenJsonPaths().Select(p => Path.GetDirectoryName(p)!).Distinct();

        // When
        var unknown = folders.Where(f => !SchemaOfFolder.ContainsKey(f)).ToList();

        // Then
        Assert.Empty(unknown);
        Assert.True(GoldenJsonPaths().Count >= 15, "the JSON goldens went missing");
    }

    [Theory]
    [MemberData(nameof(GoldenJsonFiles))]
    public void GoldenJson_File_IsValidAgainstItsSchema(string relativePath)
    {
        // Given
        var json = File.ReadAllText(Path.Combine(GoldenRoot, relativePath));
        var schema = SchemaOfFolder[Path.GetDirectoryName(relativePath)!];

        // When
        var diagnostics = SchemaCheck.Validate(json, schema);

        // Then
        Assert.Empty(diagnostics.Items);
    }
}
