using Planner.Documents;

namespace Planner.Tests.Documents;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90s", 0, 0, 1, 30, 0)]
    [InlineData("5m", 0, 0, 5, 0, 0)]
    [InlineData("1h30m", 0, 1, 30, 0, 0)]
    [InlineData("2d", 2, 0, 0, 0, 0)]
    [InlineData("500ms", 0, 0, 0, 0, 500)]
    [InlineData("1.5h", 0, 1, 30, 0, 0)]
    [InlineData("30m1h", 0, 1, 30, 0, 0)]
    [InlineData("1d2h3m4s5ms", 1, 2, 3, 4, 5)]
    [InlineData("0s", 0, 0, 0, 0, 0)]
    public void TryParse_ValidDuration_GivesItsValue(string text, int days, int hours, int minutes, int seconds, int milliseconds)
    {
        // Given
        var expected = new TimeSpan(days, hours, minutes, seconds, milliseconds);

        // When
        var parsed = DurationText.TryParse(text, out var value);

        // Then
        Assert.True(parsed);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    [InlineData("4 hours")]
    [InlineData("1h 30m")]
    [InlineData("-5m")]
    [InlineData("m")]
    [InlineData("1y")]
    [InlineData("1H")]
    [InlineData("PT1H")]
    [InlineData("3651d")]
    public void TryParse_InvalidDuration_IsRefused(string text)
    {
        // Given text that is not a duration (or is longer than ten years)

        // When
        var parsed = DurationText.TryParse(text, out var value);

        // Then
        Assert.False(parsed);
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Fact]
    public void Parse_InvalidDuration_ThrowsFormatException()
    {
        // Given
        const string text = "soon";

        // When
        var exception = Record.Exception(() => DurationText.Parse(text));

        // Then
        var format = Assert.IsType<FormatException>(exception);
        Assert.Contains("soon", format.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("90ms")]
    [InlineData("1m15s")]
    [InlineData("1h30m")]
    [InlineData("2d")]
    [InlineData("1d2h3m4s5ms")]
    [InlineData("400d")]
    public void Format_CanonicalText_RoundTrips(string text)
    {
        // Given a duration in canonical form (largest unit first, no zero parts)
        var value = DurationText.Parse(text);

        // When
        var formatted = DurationText.Format(value);

        // Then
        Assert.Equal(text, formatted);
    }

    [Theory]
    [InlineData("90s", "1m30s")]
    [InlineData("1.5h", "1h30m")]
    [InlineData("36h", "1d12h")]
    [InlineData("30m1h", "1h30m")]
    [InlineData("1000ms", "1s")]
    public void Format_NonCanonicalText_GivesCanonicalFormOfSameValue(string text, string canonical)
    {
        // Given
        var value = DurationText.Parse(text);

        // When
        var formatted = DurationText.Format(value);

        // Then
        Assert.Equal(canonical, formatted);
        Assert.Equal(value, DurationText.Parse(formatted));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(59_999L)]
    [InlineData(3_600_000L)]
    [InlineData(93_784_005L)]
    [InlineData(315_360_000_000L)]
    public void Format_AnyWholeMillisecondValue_ParsesBackToTheSameValue(long milliseconds)
    {
        // Given
        var value = TimeSpan.FromMilliseconds(milliseconds);

        // When
        var roundTripped = DurationText.Parse(DurationText.Format(value));

        // Then
        Assert.Equal(value, roundTripped);
    }
}
