using System.Text.Json;
using Planner.Diagnostics;
using Planner.Plans;

namespace Cli.Views;

/// <summary>
/// <c>validate --format json</c> (schemas/validate-output.v1.schema.json): every plan's verdict and its diagnostics with
/// file, line, column, code, message and hint. Everything goes into the document: nothing is printed on stderr, so a
/// CI job can parse stdout whatever the plans hold.
/// </summary>
internal sealed class ValidationJsonView : IValidationView
{
    public void Render(IReadOnlyList<ValidationResult> results, TextWriter output, TextWriter error)
    {
        using (var stream = new TextWriterStream(output))
        using (var json = new Utf8JsonWriter(stream, SavedPlan.WriterOptions))
        {
            var all = results.SelectMany(r => r.Diagnostics).ToList();
            json.WriteStartObject();
            json.WriteString("format_version", "1.0");
            json.WriteBoolean("valid", results.All(r => r.Valid));
            json.WriteNumber("errors", all.Count(d => d.IsError));
            json.WriteNumber("warnings", all.Count(d => !d.IsError));
            json.WriteStartArray("files");
            foreach (var result in results)
            {
                WriteResult(json, result);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write('\n');
    }

    private static void WriteResult(Utf8JsonWriter json, ValidationResult result)
    {
        json.WriteStartObject();
        json.WriteString("path", result.Path);
        json.WriteBoolean("valid", result.Valid);
        if (result.Valid)
        {
            json.WriteNumber("operations", result.Operations);
            json.WriteNumber("targets", result.Targets);
            json.WriteNumber("steps", result.Steps);
        }

        json.WriteStartArray("diagnostics");
        foreach (var diagnostic in result.Diagnostics)
        {
            WriteDiagnostic(json, diagnostic);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteDiagnostic(Utf8JsonWriter json, Diagnostic diagnostic)
    {
        json.WriteStartObject();
        json.WriteString("file", diagnostic.Location.File);
        if (diagnostic.Location.Line > 0)
        {
            json.WriteNumber("line", diagnostic.Location.Line);
            json.WriteNumber("column", Math.Max(1, diagnostic.Location.Column));
        }

        json.WriteString("severity", diagnostic.IsError ? "error" : "warning");
        json.WriteString("code", diagnostic.Code);
        json.WriteString("message", diagnostic.Message);
        if (diagnostic.Hint is not null)
        {
            json.WriteString("hint", diagnostic.Hint);
        }

        json.WriteEndObject();
    }
}
