using System.Text.Json.Nodes;
using Planner.Tests.Corpus;

namespace Planner.Tests.Schema;

/// <summary>
/// Each schema stands alone (editors fetch one file), so definitions two of them need are written in both: they must
/// stay the same.
/// </summary>
public sealed class SchemaCopiesTests
{
    [Theory]
    [InlineData("behaviour.v1.schema.json", "cluster.v1.schema.json", "kindBehaviour")]
    [InlineData("behaviour.v1.schema.json", "cluster.v1.schema.json", "liveMigration")]
    [InlineData("behaviour.v1.schema.json", "cluster.v1.schema.json", "apiOutage")]
    [InlineData("behaviour.v1.schema.json", "cluster.v1.schema.json", "probability")]
    [InlineData("behaviour.v1.schema.json", "cluster.v1.schema.json", "duration")]
    [InlineData("behaviour.v1.schema.json", "cluster.v1.schema.json", "distribution")]
    [InlineData("plan-output.v1.schema.json", "simulate-output.v1.schema.json", "behaviourFiles")]
    public void Definition_InBothSchemas_IsTheSame(string one, string other, string definition)
    {
        Assert.True(JsonNode.DeepEquals(Definition(one, definition), Definition(other, definition)), $"$defs/{definition} differs between {one} and {other}");
    }

    [Fact]
    public void BehaviourFileSection_IsTheClusterSectionWithoutTargetsAndKubernetes()
    {
        var file = Definition("behaviour.v1.schema.json", "behaviour")!["properties"]!.AsObject();
        var cluster = Definition("cluster.v1.schema.json", "behaviour")!["properties"]!.AsObject();
        Assert.Equal(["operatorResponse", "apiOutages", "kinds"], file.Select(p => p.Key));
        Assert.All(file, p => Assert.True(JsonNode.DeepEquals(p.Value, cluster[p.Key]), p.Key));
    }

    private static JsonNode? Definition(string schema, string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "schemas", schema)))!["$defs"]![name];
}
