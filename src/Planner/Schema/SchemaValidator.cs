using System.Globalization;
using System.Text.Json;
using Planner.Diagnostics;
using Planner.Documents;

namespace Planner.Schema;

/// <summary>
/// Validates a <see cref="YNode"/> tree against a compiled schema and reports every violation at the
/// source position of the offending value, with a hint (closest property name, allowed values, quoting).
/// </summary>
internal sealed partial class SchemaValidator(SchemaNode root)
{
    public void Validate(YNode document, DiagnosticBag diagnostics)
    {
        var errors = new Findings(hideValues: false);
        Check(document, root, errors);
        diagnostics.AddRange(errors.DistinctBy(e => (e.Location, e.Code, e.Message)));
    }

    private static void Check(YNode node, SchemaNode schema, Findings errors)
    {
        if (node is YBound)
        {
            return; // read by an item reader, which accepts only what the item's schema accepts (see IItemReader)
        }

        if (schema.Constant is { } constant)
        {
            if (!constant)
            {
                errors.Add(Error(DiagnosticCodes.UnknownProperty, node, "this value is not allowed here", schema.Hint));
            }

            return;
        }

        if (schema.Secret && !errors.HideValues)
        {
            CheckSecret(node, schema, errors);
            return;
        }

        if (schema.RefTarget is not null)
        {
            Check(node, schema.RefTarget, errors);
        }

        if (schema.Types is not null && !MatchesAny(node, schema.Types))
        {
            var expected = schema.Format is { } format ? $"a {format}" : string.Join(" or ", schema.Types);
            errors.Add(Error(DiagnosticCodes.WrongType, node, $"expected {expected}, found {errors.Describe(node)}", schema.Hint ?? TypeHint(node, schema, errors.HideValues)));
            return;
        }

        CheckValue(node, schema, errors);
        switch (node)
        {
            case YMapping mapping:
                CheckMapping(mapping, schema, errors);
                break;
            case YSequence sequence:
                CheckSequence(sequence, schema, errors);
                break;
            case YScalar scalar:
                CheckScalar(scalar, schema, errors);
                break;
        }

        CheckCombinators(node, schema, errors);
    }

    private static void CheckValue(YNode node, SchemaNode schema, Findings errors)
    {
        if (schema.Const is { } constValue && !Equals(node, constValue, schema.ConstText))
        {
            errors.Add(Error(DiagnosticCodes.ValueNotAllowed, node, $"expected {Show(constValue)}, found {errors.Describe(node)}", schema.Hint));
        }

        if (schema.Enum is { } allowed && !InEnum(node, allowed, schema.EnumTexts!))
        {
            var names = allowed.Select(Show).ToArray();
            var suggestion = node is YScalar s && !errors.HideValues ? Suggestions.Closest(s.Value, allowed.Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)) : null;
            errors.Add(Error(DiagnosticCodes.ValueNotAllowed, node, $"{errors.Describe(node)} is not one of {string.Join(", ", names)}",
                suggestion is not null ? $"did you mean '{suggestion}'?" : schema.Hint ?? "write one of these values exactly as listed (they are case-sensitive)"));
        }
    }

    private static void CheckMapping(YMapping mapping, SchemaNode schema, Findings errors)
    {
        if (!schema.ConstrainsMappings)
        {
            return;
        }

        foreach (var name in schema.Required)
        {
            if (!mapping.ContainsKey(name))
            {
                errors.Add(Error(DiagnosticCodes.MissingProperty, mapping, $"missing required property '{name}'", RequiredHint(schema, name)));
            }
        }

        var fields = mapping.Fields;
        if (schema.MinProperties is { } minProperties && fields.Length < minProperties)
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, mapping, $"expected at least {minProperties} entr{(minProperties == 1 ? "y" : "ies")}", schema.Hint));
        }

        for (var i = 0; i < fields.Length; i++)
        {
            var key = fields[i].Key;
            if (schema.PropertyNames is not null)
            {
                Check(mapping.KeyNode(i), schema.PropertyNames, errors);
            }

            var matched = false;
            if (schema.PropertySchema(key) is { } propertySchema)
            {
                matched = true;
                if (Forbids(propertySchema))
                {
                    errors.Add(Error(DiagnosticCodes.UnknownProperty, mapping.KeyNode(i), $"property {DiagnosticText.Quote(key)} is not allowed here",
                        propertySchema.Hint ?? propertySchema.RefTarget?.Hint));
                }
                else
                {
                    CheckField(mapping, i, propertySchema, errors);
                }
            }

            if (schema.PatternProperties is { } patternProperties)
            {
                foreach (var (pattern, patternSchema) in patternProperties)
                {
                    if (pattern.IsMatch(key))
                    {
                        matched = true;
                        CheckField(mapping, i, patternSchema, errors);
                    }
                }
            }

            if (!matched && schema.AdditionalProperties is { } additional)
            {
                if (additional.Constant == false)
                {
                    var known = schema.Properties?.Keys ?? [];
                    var suggestion = Suggestions.Closest(key, known);
                    errors.Add(Error(DiagnosticCodes.UnknownProperty, mapping.KeyNode(i), $"unknown property {DiagnosticText.Quote(key)}",
                        suggestion is not null ? $"did you mean '{suggestion}'?"
                            : schema.Hint ?? (known.Any() ? $"known properties here: {string.Join(", ", known)}" : null)));
                }
                else
                {
                    CheckField(mapping, i, additional, errors);
                }
            }
        }
    }

    private static void CheckSequence(YSequence sequence, SchemaNode schema, Findings errors)
    {
        var count = sequence.Items.Count;
        if (schema.MinItems is { } minItems && count < minItems)
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, sequence, $"expected at least {minItems} item{(minItems == 1 ? "" : "s")}, found {count}", schema.Hint));
        }

        if (schema.MaxItems is { } maxItems && count > maxItems)
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, sequence, $"expected at most {maxItems} items, found {count}", schema.Hint));
        }

        if (schema.UniqueItems)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in sequence.Items.OfType<YScalar>())
            {
                if (!seen.Add(item.Value))
                {
                    errors.Add(Error(DiagnosticCodes.NotUnique, item, $"{errors.Quote(item)} is listed more than once", "list each value once"));
                }
            }
        }

        if (schema.Items is not null)
        {
            // Indexed: a foreach over the list interface would allocate an enumerator per list of the document.
            for (var index = 0; index < count; index++)
            {
                Check(sequence.Items[index], schema.Items, errors);
            }
        }
    }

    // A mapping's value: most of a large document's values are scalars that pass schemas of scalar keywords alone, and
    // those are decided from their text, without making a node for each (see YField); the rest are checked as nodes.
    private static void CheckField(YMapping mapping, int index, SchemaNode schema, Findings errors)
    {
        if (!mapping.Fields[index].TryScalar(out var text, out var kind) || !PassesAsScalar(text, kind, schema))
        {
            Check(mapping.ValueAt(index), schema, errors);
        }
    }

    // True when Check would find nothing: the schema has only scalar keywords (a node of another type, combinators and
    // boolean or secret schemas take the full way) and the value passes them all.
    private static bool PassesAsScalar(string text, ScalarKind kind, SchemaNode schema) =>
        schema is { Constant: null, Secret: false, AllOf: null, AnyOf: null, OneOf: null, Not: null, If: null } &&
        (schema.RefTarget is null || PassesAsScalar(text, kind, schema.RefTarget)) &&
        (schema.Types is null || ScalarMatchesAny(text, kind, schema.Types)) &&
        (schema.Const is not { } constValue || ScalarEquals(text, kind, constValue, schema.ConstText)) &&
        (schema.Enum is not { } allowed || InEnum(text, kind, allowed, schema.EnumTexts!)) &&
        Faults(text, kind, schema) == ScalarFaults.None;

    [Flags]
    private enum ScalarFaults
    {
        None = 0,
        BelowMinimum = 1,
        NotAboveExclusiveMinimum = 2,
        AboveMaximum = 4,
        TooShort = 8,
        TooLong = 16,
        PatternMismatch = 32,
        BadFormat = 64,
    }

    // The scalar keywords a value breaks: ranges for numbers; lengths, pattern and format for strings.
    private static ScalarFaults Faults(string text, ScalarKind kind, SchemaNode schema)
    {
        var faults = ScalarFaults.None;
        if (kind is ScalarKind.Integer or ScalarKind.Float)
        {
            var number = CoreSchema.Number(text, kind);
            faults |= schema.Minimum is { } minimum && number < minimum ? ScalarFaults.BelowMinimum : 0;
            faults |= schema.ExclusiveMinimum is { } exclusive && number <= exclusive ? ScalarFaults.NotAboveExclusiveMinimum : 0;
            faults |= schema.Maximum is { } maximum && number > maximum ? ScalarFaults.AboveMaximum : 0;
        }
        else if (kind == ScalarKind.String)
        {
            faults |= schema.MinLength is { } minLength && text.Length < minLength ? ScalarFaults.TooShort : 0;
            faults |= schema.MaxLength is { } maxLength && text.Length > maxLength ? ScalarFaults.TooLong : 0;
            faults |= schema.Pattern is { } pattern && !pattern.IsMatch(text) ? ScalarFaults.PatternMismatch : 0;
            faults |= schema.Format is { } format && !SchemaFormats.Matches(format, text) ? ScalarFaults.BadFormat : 0;
        }

        return faults;
    }

    private static void CheckScalar(YScalar scalar, SchemaNode schema, Findings errors)
    {
        var faults = Faults(scalar.Value, scalar.Kind, schema);
        if (faults == ScalarFaults.None)
        {
            return;
        }

        var rangeHint = schema.Hint ?? RangeHint(schema);
        if (faults.HasFlag(ScalarFaults.BelowMinimum))
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, $"{errors.Plain(scalar)} is less than the minimum {Number(schema.Minimum!.Value)}", rangeHint));
        }

        if (faults.HasFlag(ScalarFaults.NotAboveExclusiveMinimum))
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, $"{errors.Plain(scalar)} must be greater than {Number(schema.ExclusiveMinimum!.Value)}", rangeHint));
        }

        if (faults.HasFlag(ScalarFaults.AboveMaximum))
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, $"{errors.Plain(scalar)} is more than the maximum {Number(schema.Maximum!.Value)}", rangeHint));
        }

        if (faults.HasFlag(ScalarFaults.TooShort))
        {
            var minLength = schema.MinLength!.Value;
            errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, minLength == 1 ? "the value is empty" : $"{errors.Quote(scalar)} is shorter than {minLength} characters", schema.Hint));
        }

        if (faults.HasFlag(ScalarFaults.TooLong))
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, $"the value is longer than {schema.MaxLength} characters", schema.Hint));
        }

        if (faults.HasFlag(ScalarFaults.PatternMismatch))
        {
            errors.Add(Error(DiagnosticCodes.BadFormat, scalar, $"{errors.Quote(scalar)} does not match the pattern {schema.PatternText}", schema.Hint));
        }

        if (faults.HasFlag(ScalarFaults.BadFormat))
        {
            errors.Add(Error(DiagnosticCodes.BadFormat, scalar, $"{errors.Quote(scalar)} is not a valid {schema.Format}", schema.Hint ?? FormatHint(schema.Format!)));
        }
    }

    private static void CheckCombinators(YNode node, SchemaNode schema, Findings errors)
    {
        if (schema.AllOf is { } allOf)
        {
            foreach (var part in allOf)
            {
                Check(node, part, errors);
            }
        }

        if (schema.If is not null && (Passes(node, schema.If) ? schema.Then : schema.Else) is { } branch)
        {
            Check(node, branch, errors);
        }

        if (schema.Not is not null && Passes(node, schema.Not))
        {
            errors.Add(Error(DiagnosticCodes.ValueNotAllowed, node, "this value is not allowed here", schema.Hint));
        }

        if ((schema.OneOf ?? schema.AnyOf) is { } alternatives)
        {
            CheckAlternatives(node, schema, alternatives, errors);
        }
    }

    // A method of its own: its lambda captures the node, and C# allocates that closure on entry to the method that
    // declares it, which would be once per node of the document.
    private static void CheckAlternatives(YNode node, SchemaNode schema, SchemaNode[] alternatives, Findings errors)
    {
        var results = alternatives.Select(a => { var e = errors.Scratch(); Check(node, a, e); return e; }).ToList();
        var passing = results.Count(r => r.Count == 0);
        if (schema.OneOf is not null && passing > 1)
        {
            errors.Add(Error(DiagnosticCodes.NoAlternativeMatches, node, "the value matches more than one of the allowed forms", schema.Hint));
        }
        else if (passing == 0)
        {
            // Report the alternative that got furthest: one whose type matched, with the fewest errors.
            var best = results.Where(r => r.All(e => e.Code != DiagnosticCodes.WrongType)).OrderBy(r => r.Count).FirstOrDefault();
            if (best is not null && schema.Hint is null)
            {
                errors.AddRange(best);
            }
            else
            {
                var forms = alternatives.Select(a => a.Description ?? string.Join("/", (a.RefTarget ?? a).Types ?? ["value"])).Distinct();
                errors.Add(Error(DiagnosticCodes.NoAlternativeMatches, node, $"{errors.Describe(node)} is not any of the allowed forms ({string.Join("; ", forms)})", schema.Hint));
            }
        }
    }

    // A secret written where a secret source ({env: ...} or {file: ...}) belongs: say so without repeating it, and check
    // what is there with values hidden, in case the secret was put into one of the source's fields.
    private static void CheckSecret(YNode node, SchemaNode schema, Findings errors)
    {
        if (node is YScalar { Kind: not ScalarKind.Null })
        {
            errors.Add(Error(DiagnosticCodes.WrongType, node, "a secret is written in the plan here (mplan does not repeat it)", schema.Hint));
            return;
        }

        var hidden = new Findings(hideValues: true);
        Check(node, schema, hidden);
        errors.AddRange(hidden);
    }

    private static bool Forbids(SchemaNode schema) =>
        schema.Constant == false || schema.ForbidsAll || (schema.RefTarget is { } target && Forbids(target));

    private static bool Passes(YNode node, SchemaNode schema)
    {
        var scratch = new Findings(hideValues: true);
        Check(node, schema, scratch);
        return scratch.Count == 0;
    }

    private static bool MatchesAny(YNode node, string[] types)
    {
        foreach (var type in types)
        {
            if (Matches(node, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InEnum(YNode node, JsonElement[] allowed, string?[] texts) =>
        node is YScalar scalar && InEnum(scalar.Value, scalar.Kind, allowed, texts);

    private static bool InEnum(string text, ScalarKind kind, JsonElement[] allowed, string?[] texts)
    {
        for (var i = 0; i < allowed.Length; i++)
        {
            if (ScalarEquals(text, kind, allowed[i], texts[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Equals(YNode node, JsonElement value, string? text) =>
        node is YScalar scalar && ScalarEquals(scalar.Value, scalar.Kind, value, text);

    // String values are compared with the text compiled from the schema (JsonElement.GetString() allocates each time).
    private static bool ScalarEquals(string text, ScalarKind kind, JsonElement value, string? valueText) =>
        valueText is not null ? kind == ScalarKind.String && text == valueText : value.ValueKind switch
        {
            JsonValueKind.String => kind == ScalarKind.String && text == value.GetString(),
            JsonValueKind.Number => kind is ScalarKind.Integer or ScalarKind.Float && CoreSchema.Number(text, kind) == value.GetDouble(),
            JsonValueKind.True => kind == ScalarKind.Boolean && text.Equals("true", StringComparison.OrdinalIgnoreCase),
            JsonValueKind.False => kind == ScalarKind.Boolean && !text.Equals("true", StringComparison.OrdinalIgnoreCase),
            JsonValueKind.Null => kind == ScalarKind.Null,
            _ => false,
        };

    private static bool ScalarMatchesAny(string text, ScalarKind kind, string[] types)
    {
        foreach (var type in types)
        {
            if (ScalarMatches(text, kind, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(YNode node, string type) => node switch
    {
        YScalar scalar => ScalarMatches(scalar.Value, scalar.Kind, type),
        YMapping => type == "object",
        _ => type == "array",
    };

    private static bool ScalarMatches(string text, ScalarKind kind, string type) => type switch
    {
        "object" or "array" => false,
        "string" => kind == ScalarKind.String,
        "integer" => kind == ScalarKind.Integer || (kind == ScalarKind.Float && double.IsInteger(CoreSchema.ParseFloat(text))),
        "number" => kind is ScalarKind.Integer or ScalarKind.Float,
        "boolean" => kind == ScalarKind.Boolean,
        "null" => kind == ScalarKind.Null,
        _ => throw new InvalidOperationException($"Unknown schema type '{type}'."),
    };
}
