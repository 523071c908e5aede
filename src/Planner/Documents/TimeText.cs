using System.Globalization;

namespace Planner.Documents;

/// <summary>
/// Reads ISO 8601 times as <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>
/// does with the invariant culture and round-trip kind, with a fast path for the form inventories repeat by the
/// hundred thousand (<c>2026-12-05T22:00:00Z</c>). The fast path only accepts what the general parser accepts, with
/// the same value; anything else goes to the general parser. Also writes the one form mplan's JSON outputs use.
/// </summary>
public static class TimeText
{
    /// <summary>A time as mplan's JSON outputs write it: UTC, to the millisecond (<c>2026-12-05T22:00:12.500Z</c>).</summary>
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses <paramref name="text"/> as an ISO 8601 time; false (and default) when it is not one.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (TryParseUtcSeconds(text, out value))
        {
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);
    }

    // yyyy-MM-ddTHH:mm:ssZ, every field in range.
    private static bool TryParseUtcSeconds(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day) ||
            !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
