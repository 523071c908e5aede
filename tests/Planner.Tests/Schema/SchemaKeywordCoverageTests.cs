using System.Text.Json;
using Planner.Schema;
using Planner.Tests.Corpus;

namespace Planner.Tests.Schema;

/// <summary>Every keyword the schemas in <c>schemas/</c> use is one the validator implements or knows to be an annotation.</summary>
public sealed class SchemaKeywordCoverageTests
{
    // Keywords whose value is a map from names to subschemas.
    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "$defs"];

    // Keywords whose value is one subschema.
    private static readonly string[] SingleSchemas = ["items", "additionalProperties", "propertyNames", "not", "if", "then", "else"];

    // Keywords whose value is a list of subschemas.
    private static readonly string[] SchemaLists = ["allOf", "anyOf", "oneOf"];

    public static TheoryData<string> SchemaFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RepositoryPaths.Schemas, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void Keywords_ValidationAndAnnotation_AreDisjoint()
    {
        // Given
        var validation = SchemaCompiler.ValidationKeywords;

        // When
        var both = validation.Where(SchemaCompiler.AnnotationKeywords.Contains).ToList();

        // Then
        Assert.Empty(both);
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void SchemaFile_EveryKeywordUsed_IsImplemented(string file)
    {
        // Given
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Schemas, file)));

        // When
        var (used, unknown) = Keywords(document.RootElement);

        // Then
        Assert.Contains("$ref", used);
        Assert.Empty(unknown);
    }

    [Fact]
    public void Walk_KeywordNestedInEverySchemaPosition_IsFound()
    {
        // Given unimplemented keywords below properties, $defs, items, allOf and if (the walker must reach them all)
        using var document = JsonDocument.Parse("""
            {"properties": {"a": {"contains": {}}},
             "$defs": {"b": {"prefixItems": []}},
             "items": {"dependentRequired": {}},
             "allOf": [{"unevaluatedProperties": false}],
             "if": {"minContains": 1}}
            """);

        // When
        var (_, unknown) = Keywords(document.RootElement);

        // Then
        Assert.Equal(
            ["contains at #/properties/a", "dependentRequired at #/items", "minContains at #/if", "prefixItems at #/$defs/b", "unevaluatedProperties at #/allOf/0"],
            unknown.Order(StringComparer.Ordinal));
    }

    private static (HashSet<string> Used, List<string> Unknown) Keywords(JsonElement root)
    {
        var used = new List<(string Keyword, string Path)>();
        Walk(root, "#", used);
        var unknown = used
            .Where(u => !SchemaCompiler.ValidationKeywords.Contains(u.Keyword) && !SchemaCompiler.AnnotationKeywords.Contains(u.Keyword))
            .Select(u => $"{u.Keyword} at {u.Path}")
            .ToList();
        return ([.. used.Select(u => u.Keyword)], unknown);
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void SchemaFile_Compiles(string file)
    {
        // Given
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Schemas, file)));

        // When
        var exception = Record.Exception(() => SchemaCompiler.Compile(document.RootElement));

        // Then
        Assert.Null(exception);
    }

    [Fact]
    public void SchemaFiles_AreTheOnesEmbeddedInThePlanner()
    {
        // Given
        var files = Directory.GetFiles(RepositoryPaths.Schemas, "*.json").Select(Path.GetFileName).ToList();

        // When
        var embedded = files.Select(f => SchemaCatalog.Text(f!)).ToList();

        // Then: the embedded copy is the file (the build embeds schemas/*.json)
        Assert.Equal(files.Select(f => File.ReadAllText(Path.Combine(RepositoryPaths.Schemas, f!))), embedded);
    }

    private static void Walk(JsonElement schema, string path, List<(string Keyword, string Path)> used)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in schema.EnumerateObject())
        {
            used.Add((property.Name, path));
            var at = $"{path}/{property.Name}";
            if (SchemaMaps.Contains(property.Name))
            {
                foreach (var entry in property.Value.EnumerateObject())
                {
                    Walk(entry.Value, $"{at}/{entry.Name}", used);
                }
            }
            else if (SingleSchemas.Contains(property.Name))
            {
                Walk(property.Value, at, used);
            }
            else if (SchemaLists.Contains(property.Name))
            {
                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    Walk(item, $"{at}/{index++}", used);
                }
            }
        }
    }
}
