using System.Text;
using System.Text.Json;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Model;
using Planner.Schema;
using Simulator.Clusters;

namespace Planner.Tests.Clusters;

/// <summary>
/// The load balancers of a JSON cluster file read straight into the inventory (<see cref="LoadBalancerItemReader"/>)
/// against the same file read as nodes, checked by the schema and bound: the same inventory and the same diagnostics,
/// item forms the reader takes and forms it leaves to the nodes alike.
/// </summary>
public sealed class LoadBalancerItemReaderTests
{
    private const string File = "c.json";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GeneratedCluster_ReadByItems_BindsAsTheNodesDo(bool split)
    {
        // Given: a generated cluster (ids, names, projects, providers, statuses, amphorae with expiry times)
        var options = new ClusterGeneratorOptions("generated", 3000, 40, 40, 11, ClusterGeneratorOptions.DefaultReferenceDate, ClusterFileFormat.Json);
        using var stream = new MemoryStream();
        ClusterGenerator.Write(options, stream);

        // When
        var (byItems, itemDiagnostics, bound) = Load(stream.ToArray(), withItemReaders: true, split);
        var (byNodes, nodeDiagnostics, _) = Load(stream.ToArray(), withItemReaders: false, split);

        // Then: every load balancer went through the item reader, and the inventories are the same
        Assert.Equal(3000, bound);
        Assert.Empty(itemDiagnostics);
        Assert.Empty(nodeDiagnostics);
        Assert.Equal(Describe(byNodes!), Describe(byItems!));
    }

    [Fact]
    public void SplitRead_WhoseListKeyCannotBeGuessed_ReadsOnAloneToTheSameInventory()
    {
        // Given: the big list opens with its first item on the same line, so no `"key": [` ends a line before the middle
        var items = Enumerable.Range(0, 200).Select(i => $"{{\"id\": \"lb-{i}\", \"provider\": \"amphora\", \"provisioningStatus\": \"ACTIVE\"}}");
        var json = "{\"apiVersion\": \"mplan/v1\", \"kind\": \"Cluster\", \"metadata\": {\"name\": \"c\"}, \"loadBalancers\": [" + string.Join(",\n    ", items) + "]}\n";

        // When
        var (byItems, itemDiagnostics, bound) = Load(Encoding.UTF8.GetBytes(json), withItemReaders: true, split: true, joined: false);
        var (byNodes, nodeDiagnostics, _) = Load(Encoding.UTF8.GetBytes(json), withItemReaders: false, split: true);

        // Then: the second half's items, read without knowing for which list, were dropped; the first reader read them all
        Assert.Equal(200, bound);
        Assert.Empty(itemDiagnostics);
        Assert.Empty(nodeDiagnostics);
        Assert.Equal(Describe(byNodes!), Describe(byItems!));
    }

    public static TheoryData<string, bool> Items() => new()
    {
        // Taken by the reader
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE"}""", true },
        { """{"id": "lb-1", "name": "w\"eb \u00e9", "project": "", "provider": "ovn", "provisioningStatus": "ERROR", "operatingStatus": "OFFLINE", "amphorae": []}""", true },
        { """{"amphorae": [{"id": "a1", "role": "MASTER", "status": "READY", "certExpiration": "2027-01-06T02:25:47+02:00", "lbNetworkIp": "10.0.0.1"}, {"id": "a2"}], "id": "lb-1", "provider": "amphora", "provisioningStatus": "PENDING_UPDATE", "labels": {"tier": "gold", "z": ""}}""", true },
        // Left to the nodes, which report them
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "color": "red"}""", false },
        { """{"i\u0064": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE"}""", false },
        { """{"id": 7, "provider": "amphora", "provisioningStatus": "ACTIVE"}""", false },
        { """{"id": "", "provider": "amphora", "provisioningStatus": "ACTIVE"}""", false },
        { """{"id": "lb-1", "name": null, "provider": "amphora", "provisioningStatus": "ACTIVE"}""", false },
        { """{"id": "lb-1", "provider": "", "provisioningStatus": "ACTIVE"}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "active"}""", false },
        { """{"id": "lb-1", "provider": "amphora"}""", false },
        { """{"id": "lb-1", "id": "lb-2", "provider": "amphora", "provisioningStatus": "ACTIVE"}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "operatingStatus": "UP"}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "labels": {"a": 1}}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "labels": {"a": "x", "a": "y"}}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "amphorae": {"id": "a1"}}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "amphorae": [{"role": "MASTER"}]}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "amphorae": [{"id": "a1", "zone": "x"}]}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "amphorae": [{"id": "a1", "certExpiration": "2027-01-06"}]}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "amphorae": [{"id": "a1", "lbNetworkIp": ""}]}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "amphorae": [{"id": "a1", "status": "UP"}]}""", false },
        { """{"id": "lb-1", "provider": "amphora", "provisioningStatus": "ACTIVE", "amphorae": ["a1"]}""", false },
        { "\"lb-1\"", false },
    };

    [Theory]
    [MemberData(nameof(Items))]
    public void Item_ReadByItems_GivesTheInventoryAndDiagnosticsOfTheNodes(string item, bool taken)
    {
        // Given: the item between two plain ones, the last of which repeats the first's id (a duplicate to report)
        var json = "{\n  \"apiVersion\": \"mplan/v1\",\n  \"kind\": \"Cluster\",\n  \"metadata\": {\"name\": \"c\"},\n  \"loadBalancers\": [\n"
            + "    {\"id\": \"lb-0\", \"provider\": \"amphora\", \"provisioningStatus\": \"ACTIVE\"},\n    " + item
            + ",\n    {\"id\": \"lb-0\", \"provider\": \"amphora\", \"provisioningStatus\": \"ACTIVE\"}\n  ]\n}\n";

        // When
        var (byItems, itemDiagnostics, bound) = Load(Encoding.UTF8.GetBytes(json), withItemReaders: true, split: false);
        var (byNodes, nodeDiagnostics, _) = Load(Encoding.UTF8.GetBytes(json), withItemReaders: false, split: false);

        // Then: the plain items are always taken, this one as said (unless the reader stopped at a duplicate key)
        if (itemDiagnostics.All(d => d.Code != DiagnosticCodes.DuplicateKey))
        {
            Assert.Equal(taken ? 3 : 2, bound);
        }

        Assert.Equal(nodeDiagnostics.Select(d => d.ToString()), itemDiagnostics.Select(d => d.ToString()));
        Assert.NotEmpty(itemDiagnostics);
        if (itemDiagnostics.All(d => d.Code == DiagnosticCodes.DuplicateObject))
        {
            // A valid document: the duplicate id is reported at the read item's id, and the first at the other's
            Assert.Equal("c.json:8:12", Assert.Single(itemDiagnostics).Location.ToString());
        }

        Assert.Equal(byNodes is null ? null : Describe(byNodes), byItems is null ? null : Describe(byItems));
    }

    [Fact]
    public void MutatedItems_ReadByItems_GiveTheInventoryAndDiagnosticsOfTheNodes()
    {
        // Given: a generated cluster's load balancers, each mutant changing one item's text in a seeded way (a value
        // replaced by another type or value, a key renamed, dropped or repeated, a quote or brace removed)
        var options = new ClusterGeneratorOptions("generated", 40, 2, 2, 5, ClusterGeneratorOptions.DefaultReferenceDate, ClusterFileFormat.Json);
        using var stream = new MemoryStream();
        ClusterGenerator.Write(options, stream);
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        var itemLines = lines.Select((l, i) => (l, i)).Where(x => x.l.Contains("\"provisioningStatus\"", StringComparison.Ordinal)).Select(x => x.i).ToArray();
        string[] replacements = ["\"\"", "null", "7", "true", "[]", "{}", "\"active\"", "\"2027-01-06\"", "\"x\\u0041\"", "\"MASTER\""];
        var random = new Random(20261207);
        var taken = 0;

        for (var mutant = 0; mutant < 300; mutant++)
        {
            var mutated = (string[])lines.Clone();
            var at = itemLines[random.Next(itemLines.Length)];
            mutated[at] = Mutate(mutated[at], random, replacements);
            var bytes = Encoding.UTF8.GetBytes(string.Join('\n', mutated));

            // When
            var (byItems, itemDiagnostics, bound) = Load(bytes, withItemReaders: true, split: false, expectJson: false);
            var (byNodes, nodeDiagnostics, _) = Load(bytes, withItemReaders: false, split: false, expectJson: false);

            // Then
            Assert.Equal(nodeDiagnostics.Select(d => d.ToString()), itemDiagnostics.Select(d => d.ToString()));
            Assert.Equal(byNodes is null ? null : Describe(byNodes), byItems is null ? null : Describe(byItems));
            taken += bound == itemLines.Length ? 1 : 0;
        }

        // Some mutants stay valid (and are taken whole), most do not
        Assert.InRange(taken, 1, 299);
    }

    // One change to an item's line: a value swapped, a key renamed, dropped or doubled, or a character removed.
    private static string Mutate(string line, Random random, string[] replacements)
    {
        var values = System.Text.RegularExpressions.Regex.Matches(line, "\"[A-Za-z]+\":(\"[^\"]*\"|\\[|\\{)");
        var pick = values[random.Next(values.Count)];
        var valueStart = pick.Index + pick.Value.IndexOf(':', StringComparison.Ordinal) + 1;
        var isString = pick.Groups[1].Value.StartsWith('"');
        return random.Next(5) switch
        {
            0 when isString => line[..valueStart] + replacements[random.Next(replacements.Length)] + line[(valueStart + pick.Groups[1].Length)..],
            1 => line.Insert(pick.Index + 1, "x"),
            2 when isString => line.Insert(pick.Index, pick.Value + ","),
            3 => line.Remove(random.Next(line.Length), 1),
            _ => line.Replace(pick.Value + ",", "", StringComparison.Ordinal),
        };
    }

    [Fact]
    public void Reader_KnowsTheSchemasPropertiesAndEnums()
    {
        // Given: the cluster schema as shipped
        using var schema = JsonDocument.Parse(SchemaCatalog.Text(SchemaCatalog.Cluster));
        var definitions = schema.RootElement.GetProperty("$defs");
        string[] Enum(string definition, string property) =>
            [.. definitions.GetProperty(definition).GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];
        string[] Properties(string definition) =>
            [.. definitions.GetProperty(definition).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

        // Then: a property or value added to the schema must be taught to the reader (or it would refuse what is valid)
        Assert.Equal(Enum("loadBalancer", "provisioningStatus"), LoadBalancerItemReader.ProvisioningStatuses);
        Assert.Equal(Enum("loadBalancer", "operatingStatus"), LoadBalancerItemReader.OperatingStatuses);
        Assert.Equal(Enum("amphora", "role"), LoadBalancerItemReader.AmphoraRoles);
        Assert.Equal(Enum("amphora", "status"), LoadBalancerItemReader.AmphoraStatuses);
        Assert.Equal(["amphorae", "id", "labels", "name", "operatingStatus", "project", "provider", "provisioningStatus"], Properties("loadBalancer"));
        Assert.Equal(["certExpiration", "id", "lbNetworkIp", "role", "status"], Properties("amphora"));
    }

    // Loads, checks and binds as PlanBuilder does, with or without the item readers; counts the items they read.
    private static (ClusterInventory? Cluster, IReadOnlyList<Diagnostic> Diagnostics, int Bound) Load(byte[] bytes, bool withItemReaders, bool split,
        bool expectJson = true, bool? joined = null)
    {
        var diagnostics = new DiagnosticBag();
        var reader = new JsonDocumentReader(File, DocumentLimits.Cluster)
        {
            SplitFromBytes = split ? 0 : int.MaxValue,
            ItemReaders = withItemReaders ? ClusterBinder.ItemReaderFor : null,
        };
        YNode? root;
        try
        {
            root = reader.TryRead(bytes, 0);
        }
        catch (InvalidDocumentException e)
        {
            diagnostics.Error(e.Code, e.Location, e.Message, e.Hint);
            return (null, diagnostics.Items, 0);
        }

        if (root is null && !expectJson)
        {
            return (null, [], 0); // not JSON any more: the YAML reader's business, the same either way
        }

        Assert.NotNull(root);
        Assert.Equal(joined ?? split, reader.ReadInTwoHalves);
        var mapping = (YMapping)root;
        SchemaCatalog.Validator(SchemaCatalog.Cluster).Validate(mapping, diagnostics);
        var bound = ((YSequence)mapping["loadBalancers"]!).Items.Count(i => i is YBound);
        return diagnostics.HasErrors
            ? (null, diagnostics.Items, bound)
            : (ClusterBinder.Bind("c", File, mapping, diagnostics), diagnostics.Items, bound);
    }

    private static string Describe(ClusterInventory cluster) => string.Join("\n", cluster.LoadBalancers.Select(lb =>
        $"{lb.Id}|{lb.Name}|{lb.Project}|{lb.Provider}|{lb.ProvisioningStatus}|{lb.OperatingStatus}|{string.Join(",", lb.Labels.Select(l => $"{l.Key}={l.Value}"))}|" +
        string.Join(";", lb.Amphorae.Select(a => $"{a.Id},{a.Role},{a.Status},{a.CertExpiration:O},{a.LbNetworkIp}"))));
}
