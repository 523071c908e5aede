using System.Reflection;
using System.Text.Json;
using Planner.Diagnostics;
using Planner.Plans;

namespace Cli.Views;

/// <summary>
/// <c>validate --format sarif</c>: the diagnostics as a SARIF 2.1.0 log, which code-scanning services turn into
/// annotations on the plan's lines in a pull request. One run, one rule per diagnostic code that occurs; paths stay as
/// given (relative to the directory mplan ran in, the repository root in CI) with forward slashes.
/// </summary>
internal sealed class ValidationSarifView : IValidationView
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public void Render(IReadOnlyList<ValidationResult> results, TextWriter output, TextWriter error)
    {
        // A cluster file's problem is reported once per plan that reads it; an annotation once is enough.
        var diagnostics = results.SelectMany(r => r.Diagnostics).Distinct().ToList();
        var rules = diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        using (var stream = new TextWriterStream(output))
        using (var json = new Utf8JsonWriter(stream, SavedPlan.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, rules);
            json.WriteStartArray("results");
            foreach (var diagnostic in diagnostics)
            {
                WriteResult(json, diagnostic, rules.IndexOf(diagnostic.Code));
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write('\n');
    }

    private static void WriteTool(Utf8JsonWriter json, List<string> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "mplan");
        json.WriteString("semanticVersion", ToolVersion);
        json.WriteStartArray("rules");
        foreach (var code in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", code);
            if (CodeNames.TryGetValue(code, out var name))
            {
                json.WriteString("name", name);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, Diagnostic diagnostic, int ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", diagnostic.Code);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", diagnostic.IsError ? "error" : "warning");
        json.WriteStartObject("message");
        // Annotations show only the message: the hint (what to do) goes into it as its second sentence.
        json.WriteString("text", diagnostic.Hint is null ? diagnostic.Message : $"{diagnostic.Message} Hint: {diagnostic.Hint}");
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ArtifactUri(diagnostic.Location.File));
        json.WriteEndObject();
        if (diagnostic.Location.Line > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", diagnostic.Location.Line);
            json.WriteNumber("startColumn", Math.Max(1, diagnostic.Location.Column));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A relative path as a relative URI reference, an absolute one as a file URI (SARIF §3.10).</summary>
    internal static string ArtifactUri(string path)
    {
        if (Path.IsPathFullyQualified(path))
        {
            return new Uri(path).AbsoluteUri;
        }

        return string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
    }

    private static string ToolVersion =>
        typeof(ValidationSarifView).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Each code's constant name in <see cref="DiagnosticCodes"/> (MP101 -> SchemaType): the rule's name.</summary>
    private static readonly Dictionary<string, string> CodeNames = typeof(DiagnosticCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .GroupBy(f => (string)f.GetRawConstantValue()!)
        .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
}
