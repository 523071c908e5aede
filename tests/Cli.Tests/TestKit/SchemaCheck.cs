using System.Text;
using System.Text.Json;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Schema;

namespace Cli.Tests.TestKit;

/// <summary>
/// Validates a command's JSON output against one of the schemas in schemas/ with JsonSchema.Net, on the output's own
/// bytes, so the outputs are not checked only by the code that wrote the schemas; mplan's validator must agree.
/// </summary>
internal static class SchemaCheck
{
    public static DiagnosticBag Validate(string json, string schema)
    {
        var diagnostics = new DiagnosticBag();
        using (var document = JsonDocument.Parse(json))
        {
            foreach (var error in SchemaCatalog.Standard(schema).Evaluate(document.RootElement))
            {
                // Output has no line map worth keeping: the JSON pointer names the place.
                diagnostics.Error(StandardSchemaValidator.Code(error.Keyword), new SourceLocation("output.json", 0, 0), $"{error.InstanceLocation}: {error.Message}", error.Hint);
            }
        }

        var own = new DiagnosticBag();
        var root = DocumentLoader.Load("output.json", Encoding.UTF8.GetBytes(json), DocumentLimits.Cluster, own);
        Xunit.Assert.NotNull(root);
        SchemaCatalog.Own(schema).Validate(root, own);
        Xunit.Assert.True(own.HasErrors == diagnostics.HasErrors,
            $"JsonSchema.Net and mplan's validator disagree on this output against {schema}:\n{string.Join("\n", diagnostics.Items.Concat(own.Items))}");
        return diagnostics;
    }

    /// <summary>Asserts that JsonSchema.Net reported <paramref name="property"/> as a missing required property.</summary>
    public static void AssertMissing(DiagnosticBag diagnostics, string property) =>
        Xunit.Assert.Contains(diagnostics.Items, d => d.Code == DiagnosticCodes.MissingProperty && d.Message.Contains($"\"{property}\"", StringComparison.Ordinal));
}
