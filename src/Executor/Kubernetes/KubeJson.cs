using System.Globalization;
using System.Text.Json;

namespace Executor.Kubernetes;

/// <summary>Reads fields of Kubernetes objects held as JSON (custom resources have no typed model).</summary>
public static class KubeJson
{
    /// <summary>The element at <paramref name="path"/>, or null when any step is missing or null.</summary>
    /// <param name="element">The object.</param>
    /// <param name="path">Property names from the root.</param>
    public static JsonElement? At(this JsonElement element, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current) || current.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The string at <paramref name="path"/> (numbers and booleans as their JSON text); null when missing.</summary>
    /// <param name="element">The object.</param>
    /// <param name="path">Property names from the root.</param>
    public static string? Text(this JsonElement element, params string[] path) => element.At(path) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    /// <summary>The integer at <paramref name="path"/>; null when missing or not an integer.</summary>
    /// <param name="element">The object.</param>
    /// <param name="path">Property names from the root.</param>
    public static long? Integer(this JsonElement element, params string[] path) => element.At(path) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var value) => value,
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>The object's properties at <paramref name="path"/>, empty when it is not an object.</summary>
    /// <param name="element">The object.</param>
    /// <param name="path">Property names from the root.</param>
    public static IEnumerable<JsonProperty> Properties(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.Object } map ? map.EnumerateObject() : [];
}
