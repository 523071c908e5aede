using System.Globalization;
using Json.Schema;
using Planner.Documents;

namespace Planner.Schema;

/// <summary>
/// The string formats mplan's schemas assert, shared by both validators so they agree. <c>duration</c> is mplan's
/// (90s, 5m, 1h30m, 2d), not JSON Schema's ISO 8601 form; <c>date-time</c> is what <see cref="TimeText"/> reads.
/// </summary>
internal static class SchemaFormats
{
    private static readonly string[] Asserted = ["duration", "date-time", "date"];

    public static bool Matches(string format, string text) => format switch
    {
        "duration" => DurationText.TryParse(text, out _),
        "date-time" => text.Contains('T') && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T'))
            && TimeText.TryParse(text, out _),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => true,
    };

    /// <summary>A registry for JsonSchema.Net with mplan's meaning of each asserted format (non-strings pass, as the spec says).</summary>
    public static FormatRegistry Registry()
    {
        var registry = new FormatRegistry();
        foreach (var name in Asserted)
        {
            registry.Register(new PredicateFormat(name, e => e.ValueKind != System.Text.Json.JsonValueKind.String || Matches(name, e.GetString()!)));
        }

        return registry;
    }
}
