using System.Text;
using System.Text.Json;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Schema;

namespace Planner.Tests.Schema;

/// <summary>One test per keyword SchemaCompiler implements: a value it accepts and one it rejects, where and why.</summary>
public sealed class SchemaValidatorTests
{
    private const string File = "doc.yaml";

    [Fact]
    public void Validate_Type_RejectsOtherTypesWithAHint()
    {
        // Given
        const string schema = """{"properties": {"n": {"type": "integer"}, "s": {"type": "string"}, "b": {"type": "boolean"}, "x": {"type": ["string", "null"]}}}""";

        // When
        var accepted = Validate(schema, "n: 5\ns: five\nb: true\nx: ~\n");
        var rejected = Validate(schema, "n: \"5\"\ns: 5\nb: yes\nx: [1]\n");

        // Then
        Assert.Empty(accepted);
        Assert.Collection(rejected,
            d => AssertError(d, DiagnosticCodes.WrongType, 1, 4, "expected integer, found string '5'", "remove the quotes to make it a number"),
            d => AssertError(d, DiagnosticCodes.WrongType, 2, 4, "expected string, found integer 5", "quote it (\"5\") to make it a string"),
            d => AssertError(d, DiagnosticCodes.WrongType, 3, 4, "expected boolean, found string 'yes'", "YAML 1.2 reads yes/no/on/off as strings; write true or false"),
            d => AssertError(d, DiagnosticCodes.WrongType, 4, 4, "expected string or null, found a list", "write a single value here, not a list or mapping"));
    }

    [Fact]
    public void Validate_TypeInteger_AcceptsAWholeFloat()
    {
        // Given
        const string schema = """{"type": "integer"}""";

        // When
        var whole = Validate(schema, "3.0");
        var fraction = Validate(schema, "3.5");

        // Then
        Assert.Empty(whole);
        AssertError(Assert.Single(fraction), DiagnosticCodes.WrongType, 1, 1, "expected integer, found number 3.5");
    }

    [Fact]
    public void Validate_Required_ReportsEachMissingPropertyAtTheMapping()
    {
        // Given
        const string schema = """{"required": ["id", "uses"], "properties": {"uses": {"description": "The operation kind."}}}""";

        // When
        var accepted = Validate(schema, "id: a\nuses: b\n");
        var rejected = Validate(schema, "name: a\n");

        // Then
        Assert.Empty(accepted);
        Assert.Collection(rejected,
            d => AssertError(d, DiagnosticCodes.MissingProperty, 1, 1, "missing required property 'id'", "add 'id'"),
            d => AssertError(d, DiagnosticCodes.MissingProperty, 1, 1, "missing required property 'uses'", "add 'uses': the operation kind"));
    }

    [Fact]
    public void Validate_AdditionalPropertiesFalse_ReportsTheUnknownKeyWithASuggestion()
    {
        // Given
        const string schema = """{"properties": {"concurrency": {}, "retry": {}}, "additionalProperties": false}""";

        // When
        var accepted = Validate(schema, "concurrency: 1\n");
        var rejected = Validate(schema, "concurency: 1\nzzz: 2\n");

        // Then
        Assert.Empty(accepted);
        Assert.Collection(rejected,
            d => AssertError(d, DiagnosticCodes.UnknownProperty, 1, 1, "unknown property 'concurency'", "did you mean 'concurrency'?"),
            d => AssertError(d, DiagnosticCodes.UnknownProperty, 2, 1, "unknown property 'zzz'", "known properties here: concurrency, retry"));
    }

    [Fact]
    public void Validate_AdditionalPropertiesSchema_ChecksEveryOtherValue()
    {
        // Given
        const string schema = """{"properties": {"fixed": {}}, "additionalProperties": {"type": "string"}}""";

        // When
        var accepted = Validate(schema, "fixed: 1\nother: text\n");
        var rejected = Validate(schema, "fixed: 1\nother: 2\n");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.WrongType, 2, 8, "expected string, found integer 2");
    }

    [Fact]
    public void Validate_Enum_ListsTheValuesAndSuggestsTheClosest()
    {
        // Given
        const string schema = """{"enum": ["ACTIVE", "ERROR", "PENDING_CREATE"]}""";

        // When
        var accepted = Validate(schema, "ACTIVE");
        var typo = Validate(schema, "ACTIVATED");
        var unrelated = Validate(schema, "GONE");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(typo), DiagnosticCodes.ValueNotAllowed, 1, 1,
            "string 'ACTIVATED' is not one of 'ACTIVE', 'ERROR', 'PENDING_CREATE'", "did you mean 'ACTIVE'?");
        AssertError(Assert.Single(unrelated), DiagnosticCodes.ValueNotAllowed, 1, 1,
            "string 'GONE' is not one of 'ACTIVE', 'ERROR', 'PENDING_CREATE'", "write one of these values exactly as listed (they are case-sensitive)");
    }

    [Fact]
    public void Validate_Const_UsesTheSchemaHint()
    {
        // Given
        const string schema = """{"const": "mplan/v1", "x-hint": "write 'apiVersion: mplan/v1'"}""";

        // When
        var accepted = Validate(schema, "mplan/v1");
        var rejected = Validate(schema, "mplan/v2");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.ValueNotAllowed, 1, 1, "expected 'mplan/v1', found string 'mplan/v2'", "write 'apiVersion: mplan/v1'");
    }

    [Fact]
    public void Validate_Pattern_ReportsTheValueAndPattern()
    {
        // Given
        const string schema = """{"type": "string", "pattern": "^[a-z]+$"}""";

        // When
        var accepted = Validate(schema, "lower");
        var rejected = Validate(schema, "Upper");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.BadFormat, 1, 1, "'Upper' does not match the pattern ^[a-z]+$");
    }

    [Theory]
    [InlineData("duration", "1h30m", "90 minutes", "write a duration such as 90s, 5m, 1h30m or 2d")]
    [InlineData("date-time", "2026-12-05T22:00:00Z", "2026-12-05T22:00:00", "write an ISO 8601 time with its offset, such as 2026-12-05T22:00:00Z")]
    [InlineData("date-time", "2026-12-05T22:00:00+01:00", "2026-12-05 22:00", "write an ISO 8601 time with its offset, such as 2026-12-05T22:00:00Z")]
    [InlineData("date", "2031-12-31", "2031-02-30", "write a date as YYYY-MM-DD")]
    [InlineData("date", "2031-12-31", "31/12/2031", "write a date as YYYY-MM-DD")]
    public void Validate_Format_RejectsMalformedValuesWithTheFormatsHint(string format, string valid, string invalid, string hint)
    {
        // Given
        var schema = $$"""{"type": "string", "format": "{{format}}"}""";

        // When
        var accepted = Validate(schema, valid);
        var rejected = Validate(schema, invalid);

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.BadFormat, 1, 1, $"'{invalid}' is not a valid {format}", hint);
    }

    [Fact]
    public void Validate_FormatWithWrongType_AsksForTheFormatNotForQuotes()
    {
        // Given
        const string schema = """{"type": "string", "format": "duration"}""";

        // When
        var rejected = Validate(schema, "90");

        // Then
        AssertError(Assert.Single(rejected), DiagnosticCodes.WrongType, 1, 1, "expected a duration, found integer 90", "write a duration such as 90s, 5m, 1h30m or 2d");
    }

    [Fact]
    public void Validate_Minimum_IsInclusiveAndHintsTheRange()
    {
        // Given
        const string schema = """{"type": "integer", "minimum": 1, "maximum": 10}""";

        // When
        var accepted = Validate(schema, "1");
        var rejected = Validate(schema, "0");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.OutOfRange, 1, 1, "0 is less than the minimum 1", "use a value from 1 to 10");
    }

    [Fact]
    public void Validate_Maximum_IsInclusive()
    {
        // Given
        const string schema = """{"type": "number", "maximum": 10}""";

        // When
        var accepted = Validate(schema, "10");
        var rejected = Validate(schema, "10.5");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.OutOfRange, 1, 1, "10.5 is more than the maximum 10", "use a value of at most 10");
    }

    [Fact]
    public void Validate_ExclusiveMinimum_RejectsTheBoundItself()
    {
        // Given
        const string schema = """{"type": "number", "exclusiveMinimum": 0}""";

        // When
        var accepted = Validate(schema, "0.1");
        var rejected = Validate(schema, "0");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.OutOfRange, 1, 1, "0 must be greater than 0", "use a value greater than 0");
    }

    [Fact]
    public void Validate_MinItems_CountsTheItems()
    {
        // Given
        const string schema = """{"type": "array", "minItems": 2}""";

        // When
        var accepted = Validate(schema, "[a, b]");
        var rejected = Validate(schema, "[a]");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.OutOfRange, 1, 1, "expected at least 2 items, found 1");
    }

    [Fact]
    public void Validate_MaxItems_CountsTheItems()
    {
        // Given
        const string schema = """{"type": "array", "maxItems": 2}""";

        // When
        var accepted = Validate(schema, "[a, b]");
        var rejected = Validate(schema, "[a, b, c]");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.OutOfRange, 1, 1, "expected at most 2 items, found 3");
    }

    [Fact]
    public void Validate_UniqueItems_PointsAtTheRepeat()
    {
        // Given
        const string schema = """{"type": "array", "uniqueItems": true}""";

        // When
        var accepted = Validate(schema, "[a, b]");
        var rejected = Validate(schema, "[a, b, a]");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.NotUnique, 1, 8, "'a' is listed more than once", "list each value once");
    }

    [Fact]
    public void Validate_MinLength_CountsCharacters()
    {
        // Given
        const string schema = """{"properties": {"c": {"type": "string", "minLength": 2}, "e": {"type": "string", "minLength": 1}}}""";

        // When
        var accepted = Validate(schema, "c: CA\ne: x\n");
        var rejected = Validate(schema, "c: C\ne: ''\n");

        // Then
        Assert.Empty(accepted);
        Assert.Collection(rejected,
            d => AssertError(d, DiagnosticCodes.OutOfRange, 1, 4, "'C' is shorter than 2 characters"),
            d => AssertError(d, DiagnosticCodes.OutOfRange, 2, 4, "the value is empty"));
    }

    [Fact]
    public void Validate_MaxLength_CountsCharacters()
    {
        // Given
        const string schema = """{"type": "string", "maxLength": 2}""";

        // When
        var accepted = Validate(schema, "éé");
        var rejected = Validate(schema, "abc");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.OutOfRange, 1, 1, "the value is longer than 2 characters");
    }

    [Fact]
    public void Validate_MinProperties_CountsTheEntries()
    {
        // Given
        const string schema = """{"type": "object", "minProperties": 1}""";

        // When
        var accepted = Validate(schema, "a: 1");
        var rejected = Validate(schema, "{}");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.OutOfRange, 1, 1, "expected at least 1 entry");
    }

    [Fact]
    public void Validate_PropertyNames_ChecksEachKeyAtTheKey()
    {
        // Given
        const string schema = """{"type": "object", "propertyNames": {"pattern": "^[a-z-]+$", "x-hint": "cluster names are lower-case"}}""";

        // When
        var accepted = Validate(schema, "osh-dev: {}");
        var rejected = Validate(schema, "osh-dev: {}\nOSH_Prod: {}\n");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.BadFormat, 2, 1, "'OSH_Prod' does not match the pattern ^[a-z-]+$", "cluster names are lower-case");
    }

    [Fact]
    public void Validate_PatternProperties_ChecksMatchingKeysAndCountsThemAsKnown()
    {
        // Given
        const string schema = """{"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false}""";

        // When
        var accepted = Validate(schema, "x-note: text\n");
        var rejected = Validate(schema, "x-note: 5\nother: 1\n");

        // Then
        Assert.Empty(accepted);
        Assert.Collection(rejected,
            d => AssertError(d, DiagnosticCodes.WrongType, 1, 9, "expected string, found integer 5"),
            d => AssertError(d, DiagnosticCodes.UnknownProperty, 2, 1, "unknown property 'other'"));
    }

    [Fact]
    public void Validate_Items_ChecksEveryItem()
    {
        // Given
        const string schema = """{"type": "array", "items": {"type": "integer"}}""";

        // When
        var accepted = Validate(schema, "[1, 2]");
        var rejected = Validate(schema, "- 1\n- two\n- 3\n- four\n");

        // Then
        Assert.Empty(accepted);
        Assert.Collection(rejected,
            d => AssertError(d, DiagnosticCodes.WrongType, 2, 3, "expected integer, found string 'two'"),
            d => AssertError(d, DiagnosticCodes.WrongType, 4, 3, "expected integer, found string 'four'"));
    }

    [Fact]
    public void Validate_OneOf_NeedsExactlyOneMatch()
    {
        // Given
        const string schema = """{"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "%$"}]}""";
        const string overlapping = """{"oneOf": [{"type": "integer"}, {"type": "number"}]}""";

        // When
        var accepted = Validate(schema, "'10%'");
        var closest = Validate(schema, "-1");
        var both = Validate(overlapping, "3");

        // Then: with no hint of its own, the alternative whose type matched reports its error
        Assert.Empty(accepted);
        AssertError(Assert.Single(closest), DiagnosticCodes.OutOfRange, 1, 1, "-1 is less than the minimum 0");
        AssertError(Assert.Single(both), DiagnosticCodes.NoAlternativeMatches, 1, 1, "the value matches more than one of the allowed forms");
    }

    [Fact]
    public void Validate_OneOfWithHint_NamesTheAllowedForms()
    {
        // Given
        const string schema = """
            {"x-hint": "a count or a percentage",
             "oneOf": [{"type": "integer", "description": "a count"}, {"type": "string", "pattern": "%$", "description": "a percentage"}]}
            """;

        // When
        var rejected = Validate(schema, "ten");

        // Then
        AssertError(Assert.Single(rejected), DiagnosticCodes.NoAlternativeMatches, 1, 1,
            "string 'ten' is not any of the allowed forms (a count; a percentage)", "a count or a percentage");
    }

    [Fact]
    public void Validate_AnyOf_AcceptsSeveralMatches()
    {
        // Given
        const string schema = """{"anyOf": [{"type": "integer"}, {"type": "number"}]}""";

        // When
        var accepted = Validate(schema, "3");
        var rejected = Validate(schema, "[3]");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.NoAlternativeMatches, 1, 1, "a list is not any of the allowed forms (integer; number)");
    }

    [Fact]
    public void Validate_AllOf_AppliesEverySubschema()
    {
        // Given
        const string schema = """{"allOf": [{"type": "integer"}, {"minimum": 5}, {"maximum": 7}]}""";

        // When
        var accepted = Validate(schema, "6");
        var rejected = Validate(schema, "8");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.OutOfRange, 1, 1, "8 is more than the maximum 7");
    }

    [Fact]
    public void Validate_Not_RejectsWhatTheSubschemaAccepts()
    {
        // Given
        const string schema = """{"not": {"const": "latest"}, "x-hint": "pin a version"}""";

        // When
        var accepted = Validate(schema, "v1");
        var rejected = Validate(schema, "latest");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.ValueNotAllowed, 1, 1, "this value is not allowed here", "pin a version");
    }

    [Fact]
    public void Validate_PropertyForbiddenByNot_IsReportedAtItsKey()
    {
        // Given
        const string schema = """{"properties": {"select": {"$ref": "#/$defs/none"}, "concurrency": false}, "$defs": {"none": {"not": {}, "x-hint": "runs once"}}}""";

        // When
        var accepted = Validate(schema, "other: 1\n");
        var rejected = Validate(schema, "select: {a: 1}\nconcurrency: 2\n");

        // Then
        Assert.Empty(accepted);
        Assert.Collection(rejected,
            d => AssertError(d, DiagnosticCodes.UnknownProperty, 1, 1, "property 'select' is not allowed here", "runs once"),
            d => AssertError(d, DiagnosticCodes.UnknownProperty, 2, 1, "property 'concurrency' is not allowed here"));
    }

    [Fact]
    public void Validate_IfThenElse_AppliesTheBranchTheConditionSelects()
    {
        // Given
        const string schema = """
            {"if": {"required": ["uses"], "properties": {"uses": {"const": "shell.run"}}},
             "then": {"required": ["with"]},
             "else": {"properties": {"with": false}}}
            """;

        // When
        var accepted = Validate(schema, "uses: shell.run\nwith: {}\n");
        var thenRejected = Validate(schema, "uses: shell.run\n");
        var elseRejected = Validate(schema, "uses: other\nwith: {}\n");
        var noUses = Validate(schema, "id: x\n");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(thenRejected), DiagnosticCodes.MissingProperty, 1, 1, "missing required property 'with'");
        AssertError(Assert.Single(elseRejected), DiagnosticCodes.UnknownProperty, 2, 1, "property 'with' is not allowed here");
        Assert.Empty(noUses);
    }

    [Fact]
    public void Validate_Ref_ResolvesDefsAndCarriesTheirHint()
    {
        // Given
        const string schema = """
            {"properties": {"name": {"$ref": "#/$defs/name"}},
             "$defs": {"name": {"type": "string", "pattern": "^[a-z]+$", "x-hint": "lower-case letters only"}}}
            """;

        // When
        var accepted = Validate(schema, "name: ok\n");
        var rejected = Validate(schema, "name: NotOk\n");

        // Then
        Assert.Empty(accepted);
        AssertError(Assert.Single(rejected), DiagnosticCodes.BadFormat, 1, 7, "'NotOk' does not match the pattern ^[a-z]+$", "lower-case letters only");
    }

    [Fact]
    public void Validate_RefThatDoesNotResolve_FailsToCompile()
    {
        // Given
        using var document = JsonDocument.Parse("""{"$ref": "#/$defs/missing"}""");

        // When
        var exception = Record.Exception(() => SchemaCompiler.Compile(document.RootElement));

        // Then
        Assert.Contains("#/$defs/missing", Assert.IsType<InvalidOperationException>(exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnimplementedKeyword_FailsToCompile()
    {
        // Given a keyword the validator does not implement, which must never be silently ignored
        using var document = JsonDocument.Parse("""{"type": "object", "dependentRequired": {"a": ["b"]}}""");

        // When
        var exception = Record.Exception(() => SchemaCompiler.Compile(document.RootElement));

        // Then
        Assert.Contains("dependentRequired", Assert.IsType<InvalidOperationException>(exception).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret: hunter2-is-my-password\n")]
    [InlineData("secret: {env: hunter2-is-my-password}\n")]
    [InlineData("secret: [hunter2-is-my-password, hunter2-is-my-password]\n")]
    public void Validate_SecretWrittenInline_IsNeverRepeated(string yaml)
    {
        // Given
        const string schema = """
            {"properties": {"secret": {"$ref": "#/$defs/source"}},
             "$defs": {"source": {"type": "object", "x-secret": true, "x-hint": "use {env: NAME}",
                                  "properties": {"env": {"type": "string", "pattern": "^[A-Z_]+$"}}}}}
            """;

        // When
        var rejected = Validate(schema, yaml);

        // Then
        Assert.NotEmpty(rejected);
        Assert.All(rejected, d => Assert.DoesNotContain("hunter2", d.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("concurency", "concurrency")]
    [InlineData("retyr", "retry")]
    [InlineData("Retry", "retry")]
    [InlineData("ACTIVATED", "ACTIVE")]
    [InlineData("octavia.loadbalancer-failovr", "octavia.loadbalancer-failover")]
    public void Suggest_Misspelling_FindsTheIntendedWord(string value, string expected)
    {
        // Given
        string[] candidates = ["concurrency", "retry", "ACTIVE", "ERROR", "octavia.loadbalancer-failover", "octavia.pki"];

        // When
        var suggestion = Suggestions.Closest(value, candidates);

        // Then
        Assert.Equal(expected, suggestion);
    }

    [Theory]
    [InlineData("E", new[] { "C", "ST", "CN" })]
    [InlineData("lb-db", new[] { "lb-web", "lb-api" })]
    [InlineData("cmp-11", new[] { "cmp-01", "cmp-10" })]
    [InlineData("cmp-1", new[] { "cmp-10", "cmp-11" })]
    [InlineData("anything", new string[0])]
    public void Suggest_NoClearCandidate_SuggestsNothing(string value, string[] candidates)
    {
        // Given a replaced short word, a different name, two ties, or nothing to choose from

        // When
        var suggestion = Suggestions.Closest(value, candidates);

        // Then
        Assert.Null(suggestion);
    }

    private static List<Diagnostic> Validate(string schemaJson, string yaml)
    {
        using var document = JsonDocument.Parse(schemaJson);
        var validator = new SchemaValidator(SchemaCompiler.Compile(document.RootElement));
        var loading = new DiagnosticBag();
        var node = DocumentLoader.Load(File, Encoding.UTF8.GetBytes(yaml), DocumentLimits.Plan, loading);
        Assert.Empty(loading.Items);
        Assert.NotNull(node);
        var diagnostics = new DiagnosticBag();
        validator.Validate(node, diagnostics);
        return [.. diagnostics.Sorted()];
    }

    private static void AssertError(Diagnostic diagnostic, string code, int line, int column, string message, string? hint = null)
    {
        Assert.True(diagnostic.IsError);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(new SourceLocation(File, line, column), diagnostic.Location);
        Assert.Equal(message, diagnostic.Message);
        if (hint is not null)
        {
            Assert.Equal(hint, diagnostic.Hint);
        }
    }
}
