using System.Globalization;
using Planner.Documents;

namespace Cli.Views;

/// <summary>Small, culture-invariant formatting shared by the views.</summary>
internal static class Fmt
{
    /// <summary>A duration rounded to whole seconds: 1h23m, 45s, 0s.</summary>
    public static string Duration(TimeSpan value) => DurationText.Format(TimeSpan.FromSeconds(Math.Round(value.TotalSeconds)));

    /// <summary>An offset from the first window's start: +1h05m.</summary>
    public static string Offset(TimeSpan value) => "+" + Duration(value);

    public static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan value) => Math.Round(value.TotalSeconds, 3).ToString(CultureInfo.InvariantCulture);

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The first items, then "… and N more": long target lists stay readable.</summary>
    public static string Summarize(IReadOnlyList<string> items, int shown = 5) =>
        items.Count <= shown + 1
            ? string.Join(", ", items)
            : $"{string.Join(", ", items.Take(shown))} … and {Count(items.Count - shown)} more";
}
