using System.Text.Json;
using System.Text.RegularExpressions;

namespace Planner.Schema;

/// <summary>
/// Compiles a JSON Schema document into <see cref="SchemaNode"/>s. It refuses keywords it does not
/// implement, so a schema can never silently promise a check that is not made.
/// </summary>
internal static class SchemaCompiler
{
    /// <summary>Keywords with validation meaning that <see cref="SchemaValidator"/> implements.</summary>
    public static readonly IReadOnlySet<string> ValidationKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "patternProperties", "propertyNames", "items",
        "enum", "const", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "minItems", "maxItems",
        "uniqueItems", "minLength", "maxLength", "minProperties", "allOf", "anyOf", "oneOf", "not", "if", "then",
        "else", "$ref", "$defs",
    };

    /// <summary>Keywords that only annotate (for editors and people) and change no result.</summary>
    public static readonly IReadOnlySet<string> AnnotationKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "markdownDescription", "default", "examples",
        "deprecated", "x-hint", "x-secret",
    };

    public static SchemaNode Compile(JsonElement root)
    {
        var refs = new List<SchemaNode>();
        var schema = CompileNode(root, "#", refs);
        var defs = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$defs", out var defsElement))
        {
            foreach (var def in defsElement.EnumerateObject())
            {
                defs["#/$defs/" + def.Name] = CompileNode(def.Value, "#/$defs/" + def.Name, refs);
            }
        }

        foreach (var node in refs)
        {
            node.RefTarget = defs.TryGetValue(node.Ref!, out var target)
                ? target
                : throw new InvalidOperationException($"Schema $ref '{node.Ref}' does not resolve; this is a bug in the schema.");
        }

        return schema;
    }

    private static SchemaNode CompileNode(JsonElement element, string path, List<SchemaNode> refs)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return new SchemaNode { Constant = element.ValueKind == JsonValueKind.True };
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!ValidationKeywords.Contains(property.Name) && !AnnotationKeywords.Contains(property.Name))
            {
                throw new InvalidOperationException($"Schema keyword '{property.Name}' at {path} is not implemented by mplan's validator.");
            }
        }

        SchemaNode? Sub(string keyword) =>
            element.TryGetProperty(keyword, out var value) ? CompileNode(value, $"{path}/{keyword}", refs) : null;

        SchemaNode[]? Subs(string keyword) =>
            element.TryGetProperty(keyword, out var value)
                ? [.. value.EnumerateArray().Select((v, i) => CompileNode(v, $"{path}/{keyword}/{i}", refs))]
                : null;

        var pattern = Text(element, "pattern");
        var node = new SchemaNode
        {
            Types = element.TryGetProperty("type", out var type)
                ? type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!]
                : null,
            Properties = element.TryGetProperty("properties", out var properties)
                ? properties.EnumerateObject().ToDictionary(p => p.Name, p => CompileNode(p.Value, $"{path}/properties/{p.Name}", refs), StringComparer.Ordinal)
                : null,
            // Interned, like the JSON reader's keys: checking for them then compares references (YMapping.IndexOf).
            Required = element.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => string.Intern(r.GetString()!))] : [],
            AdditionalProperties = Sub("additionalProperties"),
            PatternProperties = element.TryGetProperty("patternProperties", out var patternProperties)
                ? [.. patternProperties.EnumerateObject().Select(p => (new Regex(p.Name, RegexOptions.CultureInvariant), CompileNode(p.Value, $"{path}/patternProperties", refs)))]
                : null,
            PropertyNames = Sub("propertyNames"),
            Items = Sub("items"),
            Enum = element.TryGetProperty("enum", out var enumValues) ? [.. enumValues.EnumerateArray().Select(e => e.Clone())] : null,
            EnumTexts = element.TryGetProperty("enum", out var enumTexts) ? [.. enumTexts.EnumerateArray().Select(StringOrNull)] : null,
            Const = element.TryGetProperty("const", out var constValue) ? constValue.Clone() : null,
            ConstText = element.TryGetProperty("const", out var constText) ? StringOrNull(constText) : null,
            Pattern = pattern is null ? null : new Regex(pattern, RegexOptions.CultureInvariant),
            PatternText = pattern,
            Format = Text(element, "format"),
            Minimum = Number(element, "minimum"),
            Maximum = Number(element, "maximum"),
            ExclusiveMinimum = Number(element, "exclusiveMinimum"),
            MinItems = (int?)Number(element, "minItems"),
            MaxItems = (int?)Number(element, "maxItems"),
            UniqueItems = element.TryGetProperty("uniqueItems", out var unique) && unique.GetBoolean(),
            MinLength = (int?)Number(element, "minLength"),
            MaxLength = (int?)Number(element, "maxLength"),
            MinProperties = (int?)Number(element, "minProperties"),
            AllOf = Subs("allOf"),
            AnyOf = Subs("anyOf"),
            OneOf = Subs("oneOf"),
            Not = Sub("not"),
            If = Sub("if"),
            Then = Sub("then"),
            Else = Sub("else"),
            Ref = Text(element, "$ref"),
            Hint = Text(element, "x-hint"),
            Description = Text(element, "description"),
            Secret = element.TryGetProperty("x-secret", out var secret) && secret.GetBoolean(),
            ForbidsAll = element.TryGetProperty("not", out var not) && (not.ValueKind == JsonValueKind.True ||
                (not.ValueKind == JsonValueKind.Object && !not.EnumerateObject().Any(p => ValidationKeywords.Contains(p.Name)))),
        };
        if (node.Ref is not null)
        {
            refs.Add(node);
        }

        return node;
    }

    private static string? StringOrNull(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetDouble() : null;
}
