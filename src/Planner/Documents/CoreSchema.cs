using System.Globalization;
using System.Text.RegularExpressions;

namespace Planner.Documents;

/// <summary>
/// The YAML 1.2 core schema for plain scalars: <c>5</c> is an integer, <c>"5"</c> a string,
/// <c>yes</c> a string (YAML 1.1 booleans are not booleans here).
/// </summary>
public static partial class CoreSchema
{
    public static ScalarKind Resolve(string plain)
    {
        if (plain.Length == 0 || plain is "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (plain is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ScalarKind.Boolean;
        }

        if (IntegerPattern().IsMatch(plain))
        {
            return ScalarKind.Integer;
        }

        return FloatPattern().IsMatch(plain) ? ScalarKind.Float : ScalarKind.String;
    }

    /// <summary>An integer scalar's value; one beyond the range of <see cref="long"/> is clamped to it, as schema limits are.</summary>
    public static long ParseInteger(string text)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return ParseUnsigned(text.AsSpan(2), 16);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            return ParseUnsigned(text.AsSpan(2), 8);
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : (long)Math.Clamp(double.Parse(text, CultureInfo.InvariantCulture), long.MinValue, long.MaxValue);
    }

    // Hex and octal are unsigned in YAML (0xFFFFFFFFFFFFFFFF is 2^64-1, not -1), and may be longer than 64 bits.
    private static long ParseUnsigned(ReadOnlySpan<char> digits, int radix)
    {
        long value = 0;
        foreach (var c in digits)
        {
            var digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            if (value > (long.MaxValue - digit) / radix)
            {
                return long.MaxValue;
            }

            value = (value * radix) + digit;
        }

        return value;
    }

    /// <summary>A number scalar's value (of kind <see cref="ScalarKind.Integer"/> or <see cref="ScalarKind.Float"/>).</summary>
    public static double Number(string text, ScalarKind kind) => kind == ScalarKind.Integer ? ParseInteger(text) : ParseFloat(text);

    public static double ParseFloat(string text) => text switch
    {
        ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
        "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
        ".nan" or ".NaN" or ".NAN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
