using Planner.Documents;

namespace Planner.Tests.Documents;

public sealed class CoreSchemaTests
{
    [Theory]
    [InlineData("5", ScalarKind.Integer)]
    [InlineData("-5", ScalarKind.Integer)]
    [InlineData("+5", ScalarKind.Integer)]
    [InlineData("0x1F", ScalarKind.Integer)]
    [InlineData("0o17", ScalarKind.Integer)]
    [InlineData("1e3", ScalarKind.Float)]
    [InlineData("1.5", ScalarKind.Float)]
    [InlineData(".5", ScalarKind.Float)]
    [InlineData(".inf", ScalarKind.Float)]
    [InlineData("-.Inf", ScalarKind.Float)]
    [InlineData(".nan", ScalarKind.Float)]
    [InlineData("true", ScalarKind.Boolean)]
    [InlineData("False", ScalarKind.Boolean)]
    [InlineData("~", ScalarKind.Null)]
    [InlineData("null", ScalarKind.Null)]
    [InlineData("", ScalarKind.Null)]
    public void Resolve_CoreSchemaValue_HasItsType(string plain, ScalarKind expected)
    {
        // Given a plain (unquoted) scalar

        // When
        var kind = CoreSchema.Resolve(plain);

        // Then
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("on")]
    [InlineData("off")]
    [InlineData("y")]
    [InlineData("1_000")]
    [InlineData("0b101")]
    [InlineData("0x")]
    [InlineData("1.2.3")]
    [InlineData("2026-12-05")]
    [InlineData("5m")]
    public void Resolve_Yaml11OnlyOrOtherText_IsAString(string plain)
    {
        // Given text that YAML 1.1 (or a human) might read as a boolean, number or date

        // When
        var kind = CoreSchema.Resolve(plain);

        // Then
        Assert.Equal(ScalarKind.String, kind);
    }

    [Theory]
    [InlineData("0x1F", 31)]
    [InlineData("0o17", 15)]
    [InlineData("-42", -42)]
    [InlineData("+7", 7)]
    [InlineData("99999999999999999999", long.MaxValue)]
    public void ParseInteger_CoreSchemaInteger_GivesItsValue(string text, long expected)
    {
        // Given an integer in one of the core schema's notations

        // When
        var value = CoreSchema.ParseInteger(text);

        // Then
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(".inf", double.PositiveInfinity)]
    [InlineData("+.INF", double.PositiveInfinity)]
    [InlineData("-.inf", double.NegativeInfinity)]
    [InlineData("1e3", 1000.0)]
    [InlineData("-2.5", -2.5)]
    public void ParseFloat_CoreSchemaFloat_GivesItsValue(string text, double expected)
    {
        // Given a float in one of the core schema's notations

        // When
        var value = CoreSchema.ParseFloat(text);

        // Then
        Assert.Equal(expected, value);
    }

    [Fact]
    public void ParseFloat_NotANumber_IsNaN()
    {
        // Given
        const string text = ".nan";

        // When
        var value = CoreSchema.ParseFloat(text);

        // Then
        Assert.True(double.IsNaN(value));
    }

    [Theory]
    [InlineData("0x1F", 31)]
    [InlineData("0o17", 15)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("0xFFFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("0xFFFFFFFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("0o7777777777777777777777777", long.MaxValue)]
    [InlineData("99999999999999999999999999999", long.MaxValue)]
    [InlineData("-99999999999999999999999999999", long.MinValue)]
    public void ParseInteger_BeyondSixtyFourBits_IsClampedNotThrown(string text, long expected)
    {
        // Given an integer scalar the schema's limits will refuse (hex and octal are unsigned in YAML)

        // When
        var value = CoreSchema.ParseInteger(text);

        // Then
        Assert.Equal(expected, value);
    }
}
