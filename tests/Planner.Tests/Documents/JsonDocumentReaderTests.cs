using System.Text;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Schema;

namespace Planner.Tests.Documents;

/// <summary>The JSON fast path: the tree it builds, its keys (cached per depth) and where messages point.</summary>
public sealed class JsonDocumentReaderTests
{
    [Fact]
    public void Load_ListOfObjectsWithChangingKeys_KeepsEveryKeyAndValue()
    {
        // Given: keys in a different order, a new key, a missing key, an escaped key and a nested object at the same places
        const string json = """
            [
              {"id": "a", "name": "one", "nested": {"x": 1}},
              {"name": "two", "id": "b", "nested": {"y": 2}},
              {"id": "c", "label": "three"},
              {"i\u0064": "d", "name": "four", "nested": {"x": 3, "y": 4}}
            ]
            """;

        // When
        var root = Assert.IsType<YSequence>(DocumentLoader.Load("f.json", Encoding.UTF8.GetBytes(json), DocumentLimits.Cluster, new DiagnosticBag()));

        // Then
        var keys = root.Items.Cast<YMapping>().Select(m => string.Join(",", m.Entries.Select(e => $"{e.Key.Value}={Show(e.Value)}"))).ToList();
        Assert.Equal(
            ["id=a,name=one,nested={x=1}", "name=two,id=b,nested={y=2}", "id=c,label=three", "id=d,name=four,nested={x=3,y=4}"],
            keys);
        Assert.Equal("d", ((YScalar)((YMapping)root.Items[3])["id"]!).Value);
    }

    [Theory]
    [InlineData("{\"a\": 1, \"b\": null, \"c\": {\"d\": []}}")]
    [InlineData("a: 1\nb:\nc: {d: []}\n")]
    public void ContainsKey_JsonOrYaml_TrueForEveryKeyPresentNullValuesIncluded(string text)
    {
        // Given
        var root = Assert.IsType<YMapping>(DocumentLoader.Load("f", Encoding.UTF8.GetBytes(text), DocumentLimits.Cluster, new DiagnosticBag()));

        // When
        var present = new[] { "a", "b", "c", "d", "A" }.Select(root.ContainsKey).ToArray();

        // Then: the same answer as the indexer, which makes the value's node
        Assert.Equal([true, true, true, false, false], present);
        Assert.Equal(present, new[] { "a", "b", "c", "d", "A" }.Select(k => root[k] is not null));
    }

    [Fact]
    public void Load_JsonKeys_HaveTheirOwnPositions()
    {
        // Given
        const string json = "{\"a\": 1,\n  \"bb\": {\"c\": true}}";

        // When
        var root = Assert.IsType<YMapping>(DocumentLoader.Load("f.json", Encoding.UTF8.GetBytes(json), DocumentLimits.Cluster, new DiagnosticBag()));

        // Then
        Assert.Equal(new SourceLocation("f.json", 1, 2), root.KeyOf("a")!.Location);
        Assert.Equal(new SourceLocation("f.json", 2, 3), root.KeyOf("bb")!.Location);
        Assert.Equal(new SourceLocation("f.json", 2, 10), ((YMapping)root["bb"]!).KeyOf("c")!.Location);
    }

    [Fact]
    public void Validate_UnknownPropertyInJson_PointsAtTheKey()
    {
        // Given
        const string json = "{\"apiVersion\": \"mplan/v1\", \"kind\": \"Cluster\", \"metadata\": {\"name\": \"c\"},\n \"loadBalancers\": [{\"id\": \"x\", \"provider\": \"amphora\", \"provisioningStatus\": \"ACTIVE\", \"colour\": \"red\"}]}";
        var diagnostics = new DiagnosticBag();
        var root = Assert.IsType<YMapping>(DocumentLoader.Load("c.json", Encoding.UTF8.GetBytes(json), DocumentLimits.Cluster, diagnostics));

        // When
        SchemaCatalog.Validator(SchemaCatalog.Cluster).Validate(root, diagnostics);

        // Then
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.UnknownProperty, error.Code);
        Assert.Equal(new SourceLocation("c.json", 2, 87), error.Location);
        Assert.Equal("unknown property 'colour'", error.Message);
    }

    [Fact]
    public void Validate_ScalarValuesInJson_AreReportedAsTheSameDocumentReadAsYaml()
    {
        // Given: JSON keeps an object's scalar values unmade until read; every kind of scalar fault, and valid values
        const string json = """
            {"apiVersion": "mplan/v1", "kind": "Cluster", "metadata": {"name": "c"},
             "openstackDeployment": {"name": "o", "state": "APPLIED", "failoverJob": {"maxWorkers": 0, "maxFailedAllowed": 2.5}},
             "loadBalancers": [
               {"id": "", "provider": "amphora", "provisioningStatus": "ACTIV", "operatingStatus": null},
               {"id": "b", "provider": 7, "provisioningStatus": "ACTIVE", "amphorae": [{"id": "a1", "certExpiration": "soon"}]},
               {"id": "c", "name": "ok", "provider": "amphora", "provisioningStatus": "ACTIVE", "operatingStatus": "ONLINE"}]}
            """;
        var bytes = Encoding.UTF8.GetBytes(json);
        var fromJson = Assert.IsType<YMapping>(DocumentLoader.Load("c.json", bytes, DocumentLimits.Cluster, new DiagnosticBag()));
        var fromYaml = Assert.IsType<YMapping>(new YamlDocumentReader("c.json", DocumentLimits.Cluster, new DiagnosticBag()).Read(json));

        // When
        var jsonErrors = new DiagnosticBag();
        var yamlErrors = new DiagnosticBag();
        SchemaCatalog.Own(SchemaCatalog.Cluster).Validate(fromJson, jsonErrors);
        SchemaCatalog.Own(SchemaCatalog.Cluster).Validate(fromYaml, yamlErrors);

        // Then
        Assert.Equal(7, yamlErrors.Items.Count);
        Assert.Equal(yamlErrors.Items.Select(d => (d.Location, d.Code, d.Message, d.Hint)), jsonErrors.Items.Select(d => (d.Location, d.Code, d.Message, d.Hint)));
    }

    private static string Show(YNode node) => node switch
    {
        YScalar scalar => scalar.Value,
        YMapping mapping => "{" + string.Join(",", mapping.Entries.Select(e => $"{e.Key.Value}={Show(e.Value)}")) + "}",
        _ => "[...]",
    };
}
