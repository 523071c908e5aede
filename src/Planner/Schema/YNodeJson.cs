using System.Text.Json;
using Planner.Documents;

namespace Planner.Schema;

/// <summary>
/// A document tree (read from YAML or JSON) as JSON, for JsonSchema.Net, and back from a JSON pointer to the node, for
/// its position. Scalars keep the type the YAML 1.2 core schema gave them.
/// </summary>
internal static class YNodeJson
{
    private const double DecimalSafeLimit = 1e28;

    public static JsonDocument ToJson(YNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Write(writer, node);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    /// <summary>The node a JSON pointer (<c>/a/0/b</c>) names, or the deepest node on its way that exists.</summary>
    public static YNode Resolve(YNode root, string pointer)
    {
        var node = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            YNode? next = node switch
            {
                YMapping mapping => mapping[segment],
                YSequence sequence when int.TryParse(segment, out var index) && index >= 0 && index < sequence.Items.Count => sequence.Items[index],
                _ => null,
            };
            if (next is null)
            {
                return node;
            }

            node = next;
        }

        return node;
    }

    private static void Write(Utf8JsonWriter writer, YNode node)
    {
        switch (node)
        {
            case YMapping mapping:
                writer.WriteStartObject();
                for (var i = 0; i < mapping.Fields.Length; i++)
                {
                    writer.WritePropertyName(mapping.Fields[i].Key);
                    Write(writer, mapping.ValueAt(i));
                }

                writer.WriteEndObject();
                break;
            case YSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YScalar scalar:
                WriteScalar(writer, scalar);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YScalar scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Integer:
                writer.WriteNumberValue(scalar.AsInteger());
                break;
            case ScalarKind.Float:
                // JSON has no .inf or .nan, and JsonSchema.Net compares numbers as decimals (uniqueItems, enum, const) and
                // throws on one beyond decimal's range (the mutation test's '.inf' in a unique list): a number is written
                // clamped to +-1e28, .nan as the largest. Every limit in mplan's schemas is far inside that range, so the
                // verdict is the same.
                var number = scalar.AsNumber();
                writer.WriteNumberValue(double.IsNaN(number) ? DecimalSafeLimit : Math.Clamp(number, -DecimalSafeLimit, DecimalSafeLimit));
                break;
            case ScalarKind.Boolean:
                writer.WriteBooleanValue(scalar.AsBoolean());
                break;
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }
}
