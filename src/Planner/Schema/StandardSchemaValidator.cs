using System.Text.Json;
using Json.Schema;
using Planner.Diagnostics;
using Planner.Documents;

namespace Planner.Schema;

/// <summary>One violation JsonSchema.Net found: where in the instance, which keyword, its message, and the schema's x-hint.</summary>
internal sealed record StandardSchemaError(string InstanceLocation, string Keyword, string Message, string? Hint);

/// <summary>
/// Validates with JsonSchema.Net (draft 2020-12, the standard implementation) against a schema in <c>schemas/</c>.
/// Each error's instance location (a JSON pointer) is mapped back to the document tree for its <c>file:line:col</c>,
/// and the failing subschema's <c>x-hint</c> annotation becomes the hint.
/// </summary>
internal sealed class StandardSchemaValidator
{
    private readonly JsonSchema _schema;
    private readonly JsonDocument _schemaDocument;
    private readonly EvaluationOptions _options;
    private readonly EvaluationOptions _verdictOnly;

    public StandardSchemaValidator(string schemaText)
    {
        _schemaDocument = JsonDocument.Parse(schemaText);
        _schema = JsonSchema.Build(_schemaDocument.RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 });
        _options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true, FormatRegistry = SchemaFormats.Registry() };
        _verdictOnly = new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true, FormatRegistry = _options.FormatRegistry };
    }

    public bool IsValid(JsonElement instance) => _schema.Evaluate(instance, _verdictOnly).IsValid;

    /// <summary>Every violation, in the order JsonSchema.Net reports them; none for a valid instance.</summary>
    public IReadOnlyList<StandardSchemaError> Evaluate(JsonElement instance)
    {
        // The verdict alone first: the list output collects every annotation on the way and costs several times more.
        if (IsValid(instance))
        {
            return [];
        }

        var results = _schema.Evaluate(instance, _options);
        var errors = new List<StandardSchemaError>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                errors.Add(new StandardSchemaError(detail.InstanceLocation.ToString(), keyword, message, Hint(detail.SchemaLocation)));
            }
        }

        return errors;
    }

    /// <summary>JsonSchema.Net's findings on a document tree, as diagnostics at the positions of the offending values.</summary>
    public IReadOnlyList<Diagnostic> Validate(YNode document)
    {
        using var json = YNodeJson.ToJson(document);
        return [.. Evaluate(json.RootElement).Select(e =>
            new Diagnostic(Severity.Error, Code(e.Keyword), e.Message, e.Hint, YNodeJson.Resolve(document, e.InstanceLocation).Location))];
    }

    private string? Hint(Uri schemaLocation)
    {
        var fragment = Uri.UnescapeDataString(schemaLocation.Fragment.TrimStart('#'));
        return Json.Pointer.JsonPointer.TryParse(fragment, out var pointer) && pointer.Evaluate(_schemaDocument.RootElement) is { ValueKind: JsonValueKind.Object } subschema
            && subschema.TryGetProperty("x-hint", out var hint) ? hint.GetString() : null;
    }

    /// <summary>The diagnostic code for a failing keyword.</summary>
    public static string Code(string keyword) => keyword switch
    {
        "type" => DiagnosticCodes.WrongType,
        "required" => DiagnosticCodes.MissingProperty,
        "additionalProperties" or "unevaluatedProperties" or "propertyNames" or "" => DiagnosticCodes.UnknownProperty,
        "enum" or "const" or "not" => DiagnosticCodes.ValueNotAllowed,
        "pattern" or "format" => DiagnosticCodes.BadFormat,
        "uniqueItems" => DiagnosticCodes.NotUnique,
        "oneOf" or "anyOf" => DiagnosticCodes.NoAlternativeMatches,
        _ => DiagnosticCodes.OutOfRange,
    };
}
