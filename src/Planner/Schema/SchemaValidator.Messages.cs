using System.Globalization;
using System.Text.Json;
using Planner.Diagnostics;
using Planner.Documents;

namespace Planner.Schema;

/// <summary>The words of the validator: descriptions of values, hints, and the value-hiding rule for secrets.</summary>
internal sealed partial class SchemaValidator
{
    private static string? FormatHint(string format) => format switch
    {
        "duration" => "write a duration such as 90s, 5m, 1h30m or 2d",
        "date-time" => "write an ISO 8601 time with its offset, such as 2026-12-05T22:00:00Z",
        "date" => "write a date as YYYY-MM-DD",
        _ => null,
    };

    private static string? TypeHint(YNode node, SchemaNode schema, bool hideValues)
    {
        var expected = schema.Types!;
        if (schema.Format is { } format && FormatHint(format) is { } formatHint)
        {
            // A duration written as 90 needs a unit, not quotes: "90" would be just as wrong.
            return formatHint;
        }

        if (node is not YScalar scalar)
        {
            return expected.Contains("string") ? "write a single value here, not a list or mapping" : null;
        }

        if (expected.Contains("string") && scalar.Kind != ScalarKind.String)
        {
            return hideValues ? "quote it to make it a string" : $"quote it (\"{scalar.Value}\") to make it a string";
        }

        if (scalar.Kind == ScalarKind.String && (expected.Contains("integer") || expected.Contains("number")) && CoreSchema.Resolve(scalar.Value) is ScalarKind.Integer or ScalarKind.Float)
        {
            return "remove the quotes to make it a number";
        }

        if (scalar.Kind == ScalarKind.String && expected.Contains("boolean") && scalar.Value is "yes" or "no" or "on" or "off" or "y" or "n")
        {
            return "YAML 1.2 reads yes/no/on/off as strings; write true or false";
        }

        return null;
    }

    private static string? RangeHint(SchemaNode schema) => (schema.Minimum, schema.ExclusiveMinimum, schema.Maximum) switch
    {
        ({ } minimum, _, { } maximum) => $"use a value from {Number(minimum)} to {Number(maximum)}",
        ({ } minimum, _, null) => $"use a value of at least {Number(minimum)}",
        (null, { } exclusive, { } maximum) => $"use a value greater than {Number(exclusive)} and at most {Number(maximum)}",
        (null, { } exclusive, null) => $"use a value greater than {Number(exclusive)}",
        (null, null, { } maximum) => $"use a value of at most {Number(maximum)}",
        _ => null,
    };

    private static string? RequiredHint(SchemaNode schema, string name) =>
        schema.Properties is not null && schema.Properties.TryGetValue(name, out var property) && property.Description is { } description
            ? $"add '{name}': {char.ToLowerInvariant(description[0])}{description[1..].TrimEnd('.')}"
            : $"add '{name}'";

    /// <summary>The diagnostics found so far; below an <c>x-secret</c> schema, values are never repeated in messages.</summary>
    private sealed class Findings(bool hideValues) : List<Diagnostic>
    {
        public bool HideValues { get; } = hideValues;

        public Findings Scratch() => new(HideValues);

        public string Describe(YNode node) => HideValues && node is YScalar scalar ? $"a {scalar.TypeName} (not shown)" : SchemaValidator.Describe(node);

        public string Quote(YScalar scalar) => HideValues ? "the value" : DiagnosticText.Quote(scalar.Value);

        public string Plain(YScalar scalar) => HideValues ? "the value" : DiagnosticText.Excerpt(scalar.Value);
    }

    private static string Describe(YNode node) => node switch
    {
        YScalar { Kind: ScalarKind.String } s => $"string {DiagnosticText.Quote(s.Value)}",
        YScalar { Kind: ScalarKind.Null } => "null (an empty value)",
        YScalar s => $"{s.TypeName} {DiagnosticText.Excerpt(s.Value)}",
        YMapping => "a mapping",
        _ => "a list",
    };

    private static string Show(JsonElement value) => value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : value.GetRawText();

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static Diagnostic Error(string code, YNode node, string message, string? hint) =>
        new(Severity.Error, code, message, hint, node.Location);
}
