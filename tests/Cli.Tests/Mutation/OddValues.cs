using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Cli.Tests.Mutation;

/// <summary>
/// What the structure-aware mutator puts in place of a value: values of every other type, extremes (huge, negative,
/// NaN, far dates, 99999999d), variations of the value it replaces, and paths a file system refuses or reads oddly.
/// </summary>
internal static partial class OddValues
{
    private static readonly string[] Plain =
    [
        "0", "-1", "42", "3.5", "-5", "1e400", "-1e400", ".nan", ".inf", "-.inf", "0x7fffffff", "0o777",
        "2147483648", "-2147483649", "9223372036854775808", "0xFFFFFFFFFFFFFFFF", "0xFFFFFFFFFFFFFFFFFFFF", "0o7777777777777777777777777", "99999999999999999999999999999", "0.000000001",
        "true", "false", "null", "~", "-5m", "99999999d", "0s", "0ms", "1.5h", "2d", "1e3s",
        "2026-12-05T22:00:00Z", "2026-12-05", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    ];

    private static readonly string[] Quoted =
    [
        "", " ", "NaN", "Infinity", "-0", "5", "100%", "-10%", "1000%", "NaN%", "1e9%", "%",
        "-5m", "99999999d", "9223372036854775807ms", "0s", "1h-30m", "5 m", "m", "d",
        "2026-02-30T00:00:00Z", "2026-13-45T25:61:00Z", "10000-01-01T00:00:00Z", "2026-12-05T22:00:00+14:00",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "yesterday",
        "\U0001F4A5", "a\u0000b", "\t", "line\nbreak", "\u001b[31mred", "{{ target }}", "{{", "$(reboot)", "UPPER", "lb-billing-01",
    ];

    /// <summary>Paths that cannot be opened, are not files, or are not what they seem.</summary>
    public static readonly string[] Paths =
    [
        "a\u0000b", "clusters/osh-dev.yaml\u0000", new('a', 5000), $"clusters/{new string('b', 300)}.yaml", "a|b?c*.yaml", "clusters/*.yaml",
        "<>:\"\\|?*", "/dev/null", "/", ".", "..", "", " ", "clusters", "clusters/", "clusters/osh-dev.yaml\n", "\u0001\u0002", "\t",
        "C:\\clusters\\osh-dev.yaml", "../../../../../../../../etc/hostname", "/proc/self/status", "~/cluster.yaml",
        "$HOME/cluster.yaml", "amphora-rotation.yaml", "../schemas/plan.v1.schema.json", "clusters/../clusters/osh-dev.yaml",
        "\U0001F600.yaml", "%00", "file:///etc/hostname", "clusters/osh-dev.yaml ", " clusters/osh-dev.yaml", "\\\\server\\share\\x.yaml",
    ];

    // Extremes of the kind of value being replaced, which the schema lets through to the binder, expander and scheduler.
    private static readonly (Regex Looks, string[] Extremes)[] Kinds =
    [
        (Duration(), ["0s", "0ms", "1ms", "0.4ms", "0.0001ms", "3650d", "3649d23h59m59s999ms", "3650d1ms", "87600h", "99999999d", "-5m", "1m1m1m", "999999999999999999999s"]),
        (Date(), ["9999-12-31T23:59:59Z", "9999-12-31T00:00:00Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-12-05T22:00:00-14:00", "2026-12-05T22:00:00.9999999Z", "2026-02-29T00:00:00Z"]),
        (Integer(), ["0", "1", "-1", "2147483647", "2147483648", "-2147483648", "100", "101", "1000000", "1e9", "1.0", "1.5", "9007199254740993"]),
        (Percent(), ["0%", "100%", "100.0001%", "1e-300%", "-0%", "0.0%", "99.9999999999%"]),
    ];

    private static readonly Func<Random, (string, YamlNode)>[] Shapes =
    [
        _ => ("an empty mapping", new YamlMappingNode { Style = MappingStyle.Flow }),
        _ => ("an empty sequence", new YamlSequenceNode { Style = SequenceStyle.Flow }),
        _ => ("a mapping {a: 1}", new YamlMappingNode(new YamlScalarNode("a"), new YamlScalarNode("1")) { Style = MappingStyle.Flow }),
        _ => ("a sequence [1, x, null]", new YamlSequenceNode(new YamlScalarNode("1"), new YamlScalarNode("x"), new YamlScalarNode("null")) { Style = SequenceStyle.Flow }),
        _ => ("a sequence of a mapping", new YamlSequenceNode(new YamlMappingNode(new YamlScalarNode("id"), new YamlScalarNode("x")))),
        _ => ("a nested sequence 80 deep", Nested(80)),
        random => ("a 50,000-character string", Scalar(new string((char)('a' + random.Next(26)), 50_000), ScalarStyle.DoubleQuoted)),
        _ => ("a nested sequence 30 deep", Nested(30)),
    ];

    /// <summary>A replacement for <paramref name="current"/> (null when it is not a scalar) and what it is, for the report.</summary>
    public static (string Description, YamlNode Node) Replacement(YamlScalarNode? current, Random random)
    {
        var roll = random.Next(10);
        if (roll < 4)
        {
            var value = Plain[random.Next(Plain.Length)];
            return ($"plain {Show(value)}", Scalar(value, ScalarStyle.Plain));
        }

        if (roll < 6)
        {
            var value = Quoted[random.Next(Quoted.Length)];
            return ($"quoted {Show(value)}", Scalar(value, ScalarStyle.DoubleQuoted));
        }

        if (roll < 7 && current?.Value is { } same && Kinds.FirstOrDefault(k => k.Looks.IsMatch(same)).Extremes is { } extremes)
        {
            var value = extremes[random.Next(extremes.Length)];
            return ($"{Show(same)} -> {Show(value)}", Scalar(value, current.Style));
        }

        if (roll < 8 && current is { Value: { Length: > 0 } text })
        {
            var variant = random.Next(6) switch
            {
                0 => "-" + text,
                1 => text + "000000000",
                2 => text + ".5",
                3 => text + text,
                4 => text.ToUpperInvariant(),
                _ => text[..^1],
            };
            return ($"{Show(text)} -> {Show(variant)}", Scalar(variant, current.Style));
        }

        var (description, node) = Shapes[random.Next(Shapes.Length)](random);
        return (description, node);
    }

    public static (string Description, YamlNode Node) OddPath(Random random)
    {
        var path = Paths[random.Next(Paths.Length)];
        return ($"path {Show(path)}", Scalar(path, ScalarStyle.DoubleQuoted));
    }

    /// <summary>The value as a C# literal would show it, shortened: control characters escaped, long runs elided.</summary>
    public static string Show(string value)
    {
        var escaped = string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return escaped.Length > 40 ? $"'{escaped[..20]}…' ({value.Length} chars)" : $"'{escaped}'";
    }

    [GeneratedRegex(@"^([0-9.]+(ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[0-9.]+%$", RegexOptions.CultureInvariant)]
    private static partial Regex Percent();

    private static YamlScalarNode Scalar(string value, ScalarStyle style) => new(value) { Style = style };

    private static YamlNode Nested(int depth) =>
        depth == 0 ? new YamlScalarNode("x") : new YamlSequenceNode(Nested(depth - 1)) { Style = SequenceStyle.Flow };
}
