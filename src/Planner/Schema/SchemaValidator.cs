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
            if (mapping[name] is null)
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
            var (key, value) = (fields[i].Key, fields[i].Value);
            if (schema.PropertyNames is not null)
            {
                Check(mapping.KeyNode(i), schema.PropertyNames, errors);
            }

            var matched = false;
            if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var propertySchema))
            {
                matched = true;
                if (Forbids(propertySchema))
                {
                    errors.Add(Error(DiagnosticCodes.UnknownProperty, mapping.KeyNode(i), $"property {DiagnosticText.Quote(key)} is not allowed here",
                        propertySchema.Hint ?? propertySchema.RefTarget?.Hint));
                }
                else
                {
                    Check(value, propertySchema, errors);
                }
            }

            if (schema.PatternProperties is { } patternProperties)
            {
                foreach (var (pattern, patternSchema) in patternProperties)
                {
                    if (pattern.IsMatch(key))
                    {
                        matched = true;
                        Check(value, patternSchema, errors);
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
                    Check(value, additional, errors);
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
            foreach (var item in sequence.Items)
            {
                Check(item, schema.Items, errors);
            }
        }
    }

    private static void CheckScalar(YScalar scalar, SchemaNode schema, Findings errors)
    {
        if (scalar.Kind is ScalarKind.Integer or ScalarKind.Float)
        {
            var number = scalar.AsNumber();
            var rangeHint = schema.Hint ?? RangeHint(schema);
            if (schema.Minimum is { } minimum && number < minimum)
            {
                errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, $"{errors.Plain(scalar)} is less than the minimum {Number(minimum)}", rangeHint));
            }

            if (schema.ExclusiveMinimum is { } exclusive && number <= exclusive)
            {
                errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, $"{errors.Plain(scalar)} must be greater than {Number(exclusive)}", rangeHint));
            }

            if (schema.Maximum is { } maximum && number > maximum)
            {
                errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, $"{errors.Plain(scalar)} is more than the maximum {Number(maximum)}", rangeHint));
            }
        }

        if (scalar.Kind != ScalarKind.String)
        {
            return;
        }

        var text = scalar.Value;
        if (schema.MinLength is { } minLength && text.Length < minLength)
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, minLength == 1 ? "the value is empty" : $"{errors.Quote(scalar)} is shorter than {minLength} characters", schema.Hint));
        }

        if (schema.MaxLength is { } maxLength && text.Length > maxLength)
        {
            errors.Add(Error(DiagnosticCodes.OutOfRange, scalar, $"the value is longer than {maxLength} characters", schema.Hint));
        }

        if (schema.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            errors.Add(Error(DiagnosticCodes.BadFormat, scalar, $"{errors.Quote(scalar)} does not match the pattern {schema.PatternText}", schema.Hint));
        }

        if (schema.Format is { } format && !SchemaFormats.Matches(format, text))
        {
            errors.Add(Error(DiagnosticCodes.BadFormat, scalar, $"{errors.Quote(scalar)} is not a valid {format}", schema.Hint ?? FormatHint(format)));
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

    private static bool InEnum(YNode node, JsonElement[] allowed, string?[] texts)
    {
        for (var i = 0; i < allowed.Length; i++)
        {
            if (Equals(node, allowed[i], texts[i]))
            {
                return true;
            }
        }

        return false;
    }

    // String values are compared with the text compiled from the schema (JsonElement.GetString() allocates each time).
    private static bool Equals(YNode node, JsonElement value, string? text) =>
        text is not null ? node is YScalar { Kind: ScalarKind.String } scalar && scalar.Value == text : EqualsJson(node, value);

    private static bool Matches(YNode node, string type) => type switch
    {
        "object" => node is YMapping,
        "array" => node is YSequence,
        "string" => node is YScalar { Kind: ScalarKind.String },
        "integer" => node is YScalar { Kind: ScalarKind.Integer } || (node is YScalar { Kind: ScalarKind.Float } f && double.IsInteger(f.AsNumber())),
        "number" => node is YScalar { Kind: ScalarKind.Integer or ScalarKind.Float },
        "boolean" => node is YScalar { Kind: ScalarKind.Boolean },
        "null" => node is YScalar { Kind: ScalarKind.Null },
        _ => throw new InvalidOperationException($"Unknown schema type '{type}'."),
    };

    private static bool EqualsJson(YNode node, JsonElement value) => node is YScalar scalar && value.ValueKind switch
    {
        JsonValueKind.String => scalar.Kind == ScalarKind.String && scalar.Value == value.GetString(),
        JsonValueKind.Number => scalar.Kind is ScalarKind.Integer or ScalarKind.Float && scalar.AsNumber() == value.GetDouble(),
        JsonValueKind.True => scalar.Kind == ScalarKind.Boolean && scalar.AsBoolean(),
        JsonValueKind.False => scalar.Kind == ScalarKind.Boolean && !scalar.AsBoolean(),
        JsonValueKind.Null => scalar.Kind == ScalarKind.Null,
        _ => false,
    };
}
