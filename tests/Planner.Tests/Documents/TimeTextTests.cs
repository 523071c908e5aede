using System.Globalization;
using Planner.Documents;

namespace Planner.Tests.Documents;

/// <summary>The fast path for inventory times must agree with the general parser on every input.</summary>
public sealed class TimeTextTests
{
    [Theory]
    [InlineData("2026-12-05T22:00:00Z")]
    [InlineData("2028-02-29T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("2027-02-29T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-04-31T00:00:00Z")]
    [InlineData("2026-12-05T24:00:00Z")]
    [InlineData("2026-12-05T23:60:00Z")]
    [InlineData("2026-12-05T23:59:60Z")]
    [InlineData("2026-12-05T22:00:00z")]
    [InlineData("2026-12-05 22:00:00Z")]
    [InlineData("2026-1a-05T22:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2026-12-05T22:00:00+02:00")]
    [InlineData("2026-12-05T22:00:00.5Z")]
    [InlineData("2026-12-05")]
    [InlineData("")]
    public void TryParse_AnyText_AgreesWithTheGeneralParser(string text)
    {
        // Given
        var expectedOk = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expected);

        // When
        var ok = TimeText.TryParse(text, out var value);

        // Then
        Assert.Equal(expectedOk, ok);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Offset, value.Offset);
    }
}
