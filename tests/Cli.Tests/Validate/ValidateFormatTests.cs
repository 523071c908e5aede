using System.Text.Json;
using Cli.Tests.TestKit;
using Cli.Views;
using Tests.Shared;

namespace Cli.Tests.Validate;

/// <summary><c>mplan validate --format json|sarif</c>: the same verdicts and diagnostics as the text, as documents for CI.</summary>
public sealed class ValidateFormatTests
{
    private static readonly string[] AllPlans =
    [
        .. Directory.GetFiles(Path.Combine(Repository.Root, "plans"), "*.yaml").Select(f => Path.GetRelativePath(Repository.Root, f)),
        .. Directory.GetDirectories(Path.Combine(Repository.Root, "tests", "testdata", "broken"))
            .Select(d => Path.Combine(d, "plan.yaml")).Where(File.Exists).Select(f => Path.GetRelativePath(Repository.Root, f)),
    ];

    [Fact]
    public async Task Json_ExamplesAndBrokenCorpus_SameVerdictsAndDiagnosticsAsTheText()
    {
        // Given
        var plans = AllPlans.Order(StringComparer.Ordinal).ToArray();
        var text = await Mplan.RunAsync(["validate", .. plans]);

        // When
        var json = await Mplan.RunAsync(["validate", .. plans, "--format", "json"]);

        // Then: nothing on stderr, a document the schema accepts, the text's exit code
        Assert.Equal("", json.Error);
        Assert.Empty(SchemaCheck.Validate(json.Output, "validate-output.v1.schema.json").Items);
        Assert.Equal(text.ExitCode, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        var files = document.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(plans, files.Select(f => f.GetProperty("path").GetString()));
        var verdicts = files.Select(f => $"{f.GetProperty("path").GetString()}: {(f.GetProperty("valid").GetBoolean() ? "valid" : "invalid")}");
        Assert.Equal(text.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(" (")[0]), verdicts);
        // Every diagnostic of the text, headline by headline, is in the document with its position, code and hint.
        var headlines = files.SelectMany(f => f.GetProperty("diagnostics").EnumerateArray()).Select(Headline).ToList();
        var textHeadlines = text.Error.Split('\n').Where(l => l.Contains(": error MP", StringComparison.Ordinal) || l.Contains(": warning MP", StringComparison.Ordinal));
        Assert.Equal(textHeadlines, headlines);
        Assert.True(headlines.Count > AllPlans.Length / 2, "the corpus holds a diagnostic in most of its plans");
        Assert.Equal(headlines.Count(h => h.Contains(": error ", StringComparison.Ordinal)), document.RootElement.GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task Json_MalformedClusterOption_IsInTheDocumentNotOnStderr()
    {
        // When
        var (exit, output, error) = await Mplan.RunAsync("validate", "plans/amphora-rotation.yaml", "--cluster", "no-equals-sign", "--format", "json");

        // Then
        Assert.Equal(1, exit);
        Assert.Equal("", error);
        Assert.Empty(SchemaCheck.Validate(output, "validate-output.v1.schema.json").Items);
        using var document = JsonDocument.Parse(output);
        var diagnostic = Assert.Single(document.RootElement.GetProperty("files")[0].GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("MP000", diagnostic.GetProperty("code").GetString());
        Assert.Contains("no-equals-sign", diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sarif_ExamplesAndBrokenCorpus_PassesTheSarifMultitoolsSchemaValidation()
    {
        // Given
        using var temp = new TempDirectory();
        var log = temp.Path("mplan.sarif");
        var (exit, output, error) = await Mplan.RunAsync(["validate", .. AllPlans, "--format", "sarif"]);
        Assert.Equal(1, exit);
        Assert.Equal("", error);
        await File.WriteAllTextAsync(log, output);
        var multitool = await SarifMultitool.LocateAsync();

        // When: validated against the published SARIF 2.1.0 schema and the spec's rules
        var (validated, report) = await SarifMultitool.RunAsync(multitool, temp.Root, "validate", log, "--output", temp.Path("report.sarif"));

        // Then: no error (warnings are its style advice, e.g. that mplan has no web page)
        Assert.True(validated == 0, report);
        Assert.DoesNotContain(report.Split('\n'), l => l.Contains(": error ", StringComparison.Ordinal));
        Assert.Contains("Analysis completed successfully", report, StringComparison.Ordinal);
        // And the results carry the diagnostics: the JSON document's, each once, at their lines.
        var json = await Mplan.RunAsync(["validate", .. AllPlans, "--format", "json"]);
        using var expected = JsonDocument.Parse(json.Output);
        var diagnostics = expected.RootElement.GetProperty("files").EnumerateArray().SelectMany(f => f.GetProperty("diagnostics").EnumerateArray())
            .Select(d => (d.GetProperty("code").GetString(), d.TryGetProperty("line", out var line) ? line.GetInt32() : 0)).Distinct().ToList();
        using var sarif = JsonDocument.Parse(output);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("ruleId").GetString(), StartLine(r))).Distinct().ToList();
        Assert.Equal(diagnostics.Order(), results.Order());
    }

    [Theory]
    [InlineData("plans/my plan.yaml", "plans/my%20plan.yaml")]
    [InlineData("tests/testdata/broken/bad-date/plan.yaml", "tests/testdata/broken/bad-date/plan.yaml")]
    [InlineData("/srv/plans/a#1.yaml", "file:///srv/plans/a%231.yaml")]
    public void ArtifactUri_RelativeAndAbsolutePaths_AreUriReferences(string path, string uri) =>
        Assert.Equal(uri, ValidationSarifView.ArtifactUri(path));

    private static string Headline(JsonElement diagnostic)
    {
        var at = diagnostic.TryGetProperty("line", out var line)
            ? $"{diagnostic.GetProperty("file").GetString()}:{line.GetInt32()}:{diagnostic.GetProperty("column").GetInt32()}"
            : diagnostic.GetProperty("file").GetString();
        return Planner.Diagnostics.DiagnosticText.Printable(
            $"{at}: {diagnostic.GetProperty("severity").GetString()} {diagnostic.GetProperty("code").GetString()}: {diagnostic.GetProperty("message").GetString()}");
    }

    private static int StartLine(JsonElement result)
    {
        var physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        return physical.TryGetProperty("region", out var region) ? region.GetProperty("startLine").GetInt32() : 0;
    }
}
