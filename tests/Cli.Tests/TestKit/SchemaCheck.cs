using System.Text;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Schema;

namespace Cli.Tests.TestKit;

/// <summary>Validates a command's JSON output against one of the schemas in schemas/, with the project's own validator.</summary>
internal static class SchemaCheck
{
    public static DiagnosticBag Validate(string json, string schema)
    {
        var diagnostics = new DiagnosticBag();
        var root = DocumentLoader.Load("output.json", Encoding.UTF8.GetBytes(json), DocumentLimits.Cluster, diagnostics);
        Xunit.Assert.NotNull(root);
        SchemaCatalog.Validator(schema).Validate(root, diagnostics);
        return diagnostics;
    }
}
