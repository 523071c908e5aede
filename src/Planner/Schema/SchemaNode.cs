using System.Text.Json;
using System.Text.RegularExpressions;

namespace Planner.Schema;

/// <summary>One compiled (sub)schema: the subset of JSON Schema draft 2020-12 that mplan's schemas use.</summary>
internal sealed class SchemaNode
{
    /// <summary>A boolean schema: <c>true</c> accepts everything, <c>false</c> nothing.</summary>
    public bool? Constant { get; init; }

    public string[]? Types { get; init; }

    public IReadOnlyDictionary<string, SchemaNode>? Properties
    {
        get;
        init
        {
            field = value;
            InternedPropertyNames = value is null ? [] : [.. value.Keys.Select(string.Intern)];
            PropertySchemas = value is null ? [] : [.. value.Values];
        }
    }

    /// <summary>
    /// The names of <see cref="Properties"/>, interned like the JSON reader's keys, beside their schemas: the check of a
    /// mapping read from JSON finds a key's schema by comparing references, not by hashing the key (1.3 million times
    /// for 100,000 load balancers: their check 110 -> 95 ms). Other keys fall back to the dictionary.
    /// </summary>
    internal string[] InternedPropertyNames { get; private init; } = [];

    internal SchemaNode[] PropertySchemas { get; private init; } = [];

    /// <summary>The schema of property <paramref name="key"/>, or null.</summary>
    public SchemaNode? PropertySchema(string key)
    {
        var names = InternedPropertyNames;
        for (var i = 0; i < names.Length; i++)
        {
            if (ReferenceEquals(names[i], key))
            {
                return PropertySchemas[i];
            }
        }

        return Properties is { } properties && properties.TryGetValue(key, out var schema) ? schema : null;
    }

    public string[] Required { get; init; } = [];

    public SchemaNode? AdditionalProperties { get; init; }

    public IReadOnlyList<(Regex Pattern, SchemaNode Schema)>? PatternProperties { get; init; }

    public SchemaNode? PropertyNames { get; init; }

    public SchemaNode? Items { get; init; }

    public JsonElement[]? Enum { get; init; }

    /// <summary>For each <see cref="Enum"/> value, its text when it is a string, else null.</summary>
    public string?[]? EnumTexts { get; init; }

    public JsonElement? Const { get; init; }

    /// <summary>The <see cref="Const"/> value's text when it is a string, else null.</summary>
    public string? ConstText { get; init; }

    public Regex? Pattern { get; init; }

    public string? PatternText { get; init; }

    public string? Format { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public double? ExclusiveMinimum { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public bool UniqueItems { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public int? MinProperties { get; init; }

    public SchemaNode[]? AllOf { get; init; }

    public SchemaNode[]? AnyOf { get; init; }

    public SchemaNode[]? OneOf { get; init; }

    public SchemaNode? Not { get; init; }

    public SchemaNode? If { get; init; }

    public SchemaNode? Then { get; init; }

    public SchemaNode? Else { get; init; }

    /// <summary>A <c>$ref</c> to <c>#/$defs/name</c>, resolved after the whole document is compiled.</summary>
    public string? Ref { get; init; }

    public SchemaNode? RefTarget { get; set; }

    /// <summary>mplan's <c>x-hint</c> annotation: what to tell the user when this node rejects a value.</summary>
    public string? Hint { get; init; }

    public string? Description { get; init; }

    /// <summary>Whether any keyword here applies to mappings (a <c>$ref</c> or <c>items</c> wrapper has none).</summary>
    public bool ConstrainsMappings =>
        Required.Length > 0 || MinProperties is not null || PropertyNames is not null || Properties is not null ||
        PatternProperties is not null || AdditionalProperties is not null;

    /// <summary>
    /// The schema rejects every value (<c>{"not": {}}</c>): a property with this schema is reported as not allowed,
    /// at its key, rather than as a bad value.
    /// </summary>
    public bool ForbidsAll { get; init; }

    /// <summary>mplan's <c>x-secret</c> annotation: values at or below this node are never repeated in diagnostics.</summary>
    public bool Secret { get; init; }
}
