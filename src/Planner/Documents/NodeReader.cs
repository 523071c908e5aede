using System.Collections.Immutable;
using System.Globalization;
using Planner.Model;

namespace Planner.Documents;

/// <summary>Typed, located reads from schema-valid mappings; absent keys give null.</summary>
public static class NodeReader
{
    // String and Int read scalars without making their nodes: binding a large inventory calls them millions of times.
    public static string? String(YMapping? map, string key) =>
        map is not null && map.TryGetScalar(key, out var text, out var kind) && kind != ScalarKind.Null ? text : null;

    public static Located<string>? LocatedString(YMapping? map, string key) =>
        map?[key] is YScalar { Kind: not ScalarKind.Null } s ? new Located<string>(s.Value, s.Location) : null;

    public static int? Int(YMapping? map, string key) =>
        map is not null && map.TryGetScalar(key, out var text, out var kind) && kind is ScalarKind.Integer or ScalarKind.Float ? (int)CoreSchema.Number(text, kind) : null;

    public static Located<int>? LocatedInt(YMapping? map, string key) =>
        map?[key] is YScalar { Kind: ScalarKind.Integer or ScalarKind.Float } s ? new Located<int>((int)s.AsNumber(), s.Location) : null;

    /// <summary>The whole numbers of a sequence; items of another type are left out (the schema reports them).</summary>
    public static ImmutableArray<int> Ints(YMapping? map, string key) =>
        map?[key] is YSequence sequence
            ? [.. sequence.Items.OfType<YScalar>().Where(s => s.Kind is ScalarKind.Integer or ScalarKind.Float).Select(s => (int)s.AsNumber())]
            : [];

    public static double? Number(YMapping? map, string key) => map?[key] is YScalar { Kind: ScalarKind.Integer or ScalarKind.Float } s ? s.AsNumber() : null;

    public static bool? Bool(YMapping? map, string key) => map?[key] is YScalar { Kind: ScalarKind.Boolean } s ? s.AsBoolean() : null;

    public static TimeSpan? Duration(YMapping? map, string key) =>
        String(map, key) is { } text && DurationText.TryParse(text, out var value) ? value : null;

    public static DateTimeOffset? Time(YMapping? map, string key) =>
        String(map, key) is { } text && TimeText.TryParse(text, out var value) ? value : null;

    public static YMapping? Map(YMapping? map, string key) => map?[key] as YMapping;

    public static ImmutableArray<Located<string>> Strings(YMapping? map, string key) =>
        map?[key] is YSequence sequence
            ? [.. sequence.Items.OfType<YScalar>().Select(s => new Located<string>(s.Value, s.Location))]
            : [];

    public static ImmutableArray<string> StringValues(YMapping? map, string key) => [.. Strings(map, key).Select(s => s.Value)];
}
