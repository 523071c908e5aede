using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Planner.Documents;

/// <summary>
/// Durations as operators write them: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>, <c>500ms</c>
/// (units ms, s, m, h, d; parts in any combination, each a whole or decimal number).
/// </summary>
public static partial class DurationText
{
    /// <summary>The longest duration mplan takes (ten years): any longer is a typo, and sums of such stay far from overflow.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!Whole().IsMatch(text))
        {
            return false;
        }

        double milliseconds = 0;
        foreach (Match part in Part().Matches(text))
        {
            var number = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            milliseconds += number * part.Groups[2].Value switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 86_400_000,
            };
        }

        if (milliseconds > Longest.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(Math.Round(milliseconds));
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a duration.");

    /// <summary>The canonical form, largest unit first and without zero parts: <c>1h30m</c>, <c>1m15s</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            value = value.Negate();
        }

        Append(builder, value.Days, "d");
        Append(builder, value.Hours, "h");
        Append(builder, value.Minutes, "m");
        Append(builder, value.Seconds, "s");
        Append(builder, value.Milliseconds, "ms");
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, int amount, string unit)
    {
        if (amount != 0)
        {
            builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    [GeneratedRegex(@"^(?:[0-9]+(?:\.[0-9]+)?(?:ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
