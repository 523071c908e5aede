using System.Text;
using System.Text.Json;
using Json.Schema;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Schema;
using Planner.Tests.Corpus;

namespace Planner.Tests.Schema;

/// <summary>The schemas in <c>schemas/</c> under JsonSchema.Net: valid draft 2020-12, and what its errors become.</summary>
public sealed class StandardSchemaTests
{
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    [Theory]
    [MemberData(nameof(SchemaKeywordCoverageTests.SchemaFiles), MemberType = typeof(SchemaKeywordCoverageTests))]
    public void Schema_File_IsValidDraft202012(string file)
    {
        // Given
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Schemas, file)));

        // When
        var results = MetaSchemas.Draft202012.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        // Then
        Assert.Equal(Draft202012, schema.RootElement.GetProperty("$schema").GetString());
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))));
        Assert.NotNull(SchemaCatalog.Standard(file));
    }

    [Fact]
    public void Validate_WrongValueInYaml_ReportsItsLineColumnAndTheSchemasHint()
    {
        // Given: a value one level down, on line 3, and a schema whose subschema carries an x-hint
        var validator = new StandardSchemaValidator("""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"window": {"type": "object", "properties": {"duration": {"type": "string", "format": "duration", "x-hint": "write 4h"}}}}}
            """);
        var document = Load("name: x\nwindow:\n  duration: P4H\n");

        // When
        var diagnostics = validator.Validate(document);

        // Then
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("plan.yaml:3:13", diagnostic.Location.ToString());
        Assert.Equal(DiagnosticCodes.BadFormat, diagnostic.Code);
        Assert.Equal("write 4h", diagnostic.Hint);
    }

    [Fact]
    public void Validate_YamlScalarTypes_AreTheCoreSchemasNotStrings()
    {
        // Given: 8 is an integer, true a boolean and "8" a string in YAML 1.2
        var validator = new StandardSchemaValidator("""
            {"type": "object", "properties": {"n": {"type": "integer"}, "b": {"type": "boolean"}, "s": {"type": "string"}}}
            """);

        // When
        var good = validator.Validate(Load("n: 8\nb: true\ns: \"8\"\n"));
        var bad = validator.Validate(Load("n: \"8\"\nb: yes\ns: 8\n"));

        // Then
        Assert.Empty(good);
        Assert.Equal(["plan.yaml:1:4", "plan.yaml:2:4", "plan.yaml:3:4"], bad.Select(d => d.Location.ToString()).Order(StringComparer.Ordinal));
        Assert.All(bad, d => Assert.Equal(DiagnosticCodes.WrongType, d.Code));
    }

    [Theory]
    [InlineData("90s", true)]
    [InlineData("1h30m", true)]
    [InlineData("PT90S", false)]
    public void Evaluate_DurationFormat_IsMplansNotIso8601(string duration, bool valid)
    {
        // Given
        var validator = new StandardSchemaValidator("""{"type": "string", "format": "duration"}""");
        using var instance = JsonDocument.Parse(JsonSerializer.Serialize(duration));

        // When
        var errors = validator.Evaluate(instance.RootElement);

        // Then
        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void DocumentValidator_OursFindsNothingWhereJsonSchemaNetDoes_ReportsJsonSchemaNetsErrorAtItsPosition()
    {
        // Given: our validator with an empty schema, JsonSchema.Net with one that needs 'name'
        using var permissive = JsonDocument.Parse("{}");
        var validator = new DocumentValidator(new SchemaValidator(SchemaCompiler.Compile(permissive.RootElement)),
            new StandardSchemaValidator("""{"type": "object", "required": ["name"], "x-hint": "name the plan"}"""));
        var diagnostics = new DiagnosticBag();

        // When
        validator.Validate(Load("kind: MaintenancePlan\n"), diagnostics);

        // Then
        var diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal((DiagnosticCodes.MissingProperty, "plan.yaml:1:1", "name the plan"), (diagnostic.Code, diagnostic.Location.ToString(), diagnostic.Hint));
        Assert.Contains("name", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentValidator_JsonSchemaNetFindsAProblem_OurValidatorWordsIt()
    {
        // Given: a plan with a misspelt top-level property
        var diagnostics = new DiagnosticBag();

        // When
        SchemaCatalog.Validator(SchemaCatalog.Plan).Validate(Load("apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadat: {name: x}\n"), diagnostics);

        // Then: ours names the closest property, which JsonSchema.Net's message does not
        Assert.Contains(diagnostics.Items, d => d.Code == DiagnosticCodes.UnknownProperty && d.Hint == "did you mean 'metadata'?" && d.Location.ToString() == "plan.yaml:3:1");
    }

    private static YNode Load(string yaml)
    {
        var diagnostics = new DiagnosticBag();
        var node = DocumentLoader.Load("plan.yaml", Encoding.UTF8.GetBytes(yaml), DocumentLimits.Plan, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return node!;
    }
}
