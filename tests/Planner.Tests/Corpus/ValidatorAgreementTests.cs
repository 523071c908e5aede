using System.Text;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Schema;

namespace Planner.Tests.Corpus;

/// <summary>
/// mplan's own validator and JsonSchema.Net give the same verdict on every document of the broken-plan corpus and on
/// the example plans and clusters: ours is the only check of cluster files in the planner (see
/// <see cref="SchemaCatalog.HotPath"/>) and words the diagnostics of plans, so it must not pass or fail what the
/// standard implementation would not.
/// </summary>
public sealed class ValidatorAgreementTests
{
    public static TheoryData<string> Documents() => [.. DocumentPaths()];

    private static List<string> DocumentPaths()
    {
        var data = new List<string>();
        foreach (var directory in Directory.GetDirectories(RepositoryPaths.BrokenCases).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (File.Exists(Path.Combine(directory, "generated.txt")))
            {
                data.Add($"tests/testdata/broken/{name}/plan.yaml");
            }

            foreach (var file in Directory.GetFiles(directory).Where(IsDocument).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/'));
            }
        }

        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "plans"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Documents_BothVerdicts_AreExercised()
    {
        // Given
        var verdicts = DocumentPaths().Select(Verdicts).Where(v => v is not null).ToList();

        // When
        var invalid = verdicts.Count(v => v!.Value.Ours);
        var valid = verdicts.Count(v => !v!.Value.Ours);

        // Then: enough of each for the agreement to mean something
        Assert.True(invalid >= 20, $"only {invalid} documents fail the schema");
        Assert.True(valid >= 10, $"only {valid} documents pass the schema");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Validators_OnEachDocument_GiveTheSameVerdict(string relativePath)
    {
        // Given, When
        var verdicts = Verdicts(relativePath);

        // Then (a document that does not parse has no schema verdict)
        if (verdicts is { } v)
        {
            Assert.True(v.Ours == v.Standard, $"{relativePath}: mplan's validator says {(v.Ours ? "invalid" : "valid")}, JsonSchema.Net {(v.Standard ? "invalid" : "valid")}");
        }
    }

    private static bool IsDocument(string path) => Path.GetExtension(path) is ".yaml" or ".yml" or ".json";

    /// <summary>Whether each validator finds errors, or null when the document does not load.</summary>
    private static (bool Ours, bool Standard)? Verdicts(string relativePath)
    {
        var load = new DiagnosticBag();
        var node = DocumentLoader.Load(relativePath, Content(relativePath), DocumentLimits.Cluster, load);
        if (node is null || load.HasErrors)
        {
            return null;
        }

        var schema = SchemaFor(relativePath, node);
        var ours = new DiagnosticBag();
        SchemaCatalog.Own(schema).Validate(node, ours);
        return (ours.HasErrors, SchemaCatalog.Standard(schema).Validate(node).Count > 0);
    }

    private static byte[] Content(string relativePath)
    {
        var directory = Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, relativePath))!;
        if (File.Exists(Path.Combine(directory, "generated.txt")) && Path.GetFileName(relativePath) == "plan.yaml")
        {
            Assert.True(GeneratedInputs.TryGenerate(Path.GetFileName(directory), out var generated));
            return generated;
        }

        return File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, relativePath));
    }

    // The plan of a case is checked as a plan whatever it holds (that is how mplan reads it); other files by their kind.
    private static string SchemaFor(string relativePath, YNode node) =>
        Path.GetFileName(relativePath) == "plan.yaml" || (node is YMapping m && m["kind"] is YScalar { Value: "MaintenancePlan" })
            || (relativePath.StartsWith("plans/", StringComparison.Ordinal) && !relativePath.StartsWith("plans/clusters/", StringComparison.Ordinal))
            ? SchemaCatalog.Plan
            : SchemaCatalog.Cluster;
}
