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

    public static long ParseInteger(string text)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            return Convert.ToInt64(text[2..], 8);
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : (long)Math.Clamp(double.Parse(text, CultureInfo.InvariantCulture), long.MinValue, long.MaxValue);
    }

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
