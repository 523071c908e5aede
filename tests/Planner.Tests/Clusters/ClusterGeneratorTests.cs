using Tests.Shared;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Model;
using Planner.Plans;
using Planner.Schema;
using Simulator.Clusters;

namespace Planner.Tests.Clusters;

/// <summary><c>mplan cluster generate</c>'s engine: valid, reproducible, realistic inventories of any size.</summary>
public sealed class ClusterGeneratorTests
{
    private static readonly DateOnly Reference = ClusterGeneratorOptions.DefaultReferenceDate;

    [Theory]
    [InlineData(ClusterFileFormat.Yaml)]
    [InlineData(ClusterFileFormat.Json)]
    public void Write_EitherFormat_LoadsAndValidatesWithoutDiagnostics(ClusterFileFormat format)
    {
        // Given
        var options = Options(loadBalancers: 300, nodes: 120, subclouds: 200, format: format);

        // When
        var (_, diagnostics) = Load(Generate(options));

        // Then
        Assert.Empty(diagnostics.Items);
    }

    [Theory]
    [InlineData(ClusterFileFormat.Yaml)]
    [InlineData(ClusterFileFormat.Json)]
    public void Write_Counts_MatchTheOptions(ClusterFileFormat format)
    {
        // Given
        var options = Options(loadBalancers: 257, nodes: 64, subclouds: 33, format: format);

        // When
        var (cluster, _) = Load(Generate(options));

        // Then
        Assert.Equal(257, cluster.LoadBalancers.Length);
        Assert.Equal(64, cluster.Nodes.Length);
        Assert.Equal(33, cluster.Subclouds.Length);
        Assert.Equal(3, cluster.Nodes.Count(n => n.IsControlPlane));
        Assert.Equal("Default", cluster.SubcloudGroups[0].Name);
        Assert.Equal(257, cluster.LoadBalancers.Select(lb => lb.Id).Distinct().Count());
    }

    [Fact]
    public void Write_YamlAndJson_DescribeTheSameCluster()
    {
        // Given
        var yaml = Options(loadBalancers: 80, nodes: 90, subclouds: 40, format: ClusterFileFormat.Yaml);
        var json = yaml with { Format = ClusterFileFormat.Json };

        // When
        var (fromYaml, _) = Load(Generate(yaml));
        var (fromJson, _) = Load(Generate(json));

        // Then
        Assert.Equal(fromYaml.LoadBalancers.Select(Describe), fromJson.LoadBalancers.Select(Describe));
        Assert.Equal(fromYaml.Nodes.Select(Describe), fromJson.Nodes.Select(Describe));
        Assert.Equal(fromYaml.Subclouds.ToArray(), fromJson.Subclouds.ToArray());
        Assert.Equal(fromYaml.SubcloudGroups.ToArray(), fromJson.SubcloudGroups.ToArray());
    }

    [Theory]
    [InlineData(ClusterFileFormat.Yaml)]
    [InlineData(ClusterFileFormat.Json)]
    public void Write_SameOptionsTwice_GivesTheSameBytes(ClusterFileFormat format)
    {
        // Given
        var options = Options(loadBalancers: 500, nodes: 100, subclouds: 100, format: format, seed: 42);

        // When
        var first = Generate(options);
        var second = Generate(options);

        // Then
        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_DifferentSeeds_GiveDifferentClusters()
    {
        // Given
        var one = Options(loadBalancers: 50, nodes: 20, subclouds: 20, seed: 1);
        var two = one with { Seed = 2 };

        // When
        var (first, _) = Load(Generate(one));
        var (second, _) = Load(Generate(two));

        // Then
        Assert.Empty(first.LoadBalancers.Select(lb => lb.Id).Intersect(second.LoadBalancers.Select(lb => lb.Id)));
        Assert.NotEqual(first.Subclouds.ToArray(), second.Subclouds.ToArray());
    }

    [Fact]
    public void Write_MoreNodes_KeepsTheSameLoadBalancers()
    {
        // Given
        var small = Options(loadBalancers: 30, nodes: 10, subclouds: 0);
        var large = small with { Nodes = 200 };

        // When
        var (first, _) = Load(Generate(small));
        var (second, _) = Load(Generate(large));

        // Then
        Assert.Equal(first.LoadBalancers.Select(Describe), second.LoadBalancers.Select(Describe));
    }

    [Fact]
    public void Write_LargeCluster_IsRealistic()
    {
        // Given
        var options = Options(loadBalancers: 5000, nodes: 1000, subclouds: 1000, format: ClusterFileFormat.Json);

        // When
        var (cluster, _) = Load(Generate(options));

        // Then
        var lbs = cluster.LoadBalancers;
        Assert.InRange(lbs.Count(lb => lb.Provider == "amphora") / (double)lbs.Length, 0.80, 0.90);
        Assert.Contains(lbs, lb => lb.Provider == "amphorav2");
        Assert.All(lbs.Where(lb => lb.Provider == "ovn"), lb => Assert.Empty(lb.Amphorae));
        Assert.InRange(lbs.Count(lb => lb.ProvisioningStatus == "ACTIVE") / (double)lbs.Length, 0.93, 0.99);
        Assert.Contains(lbs, lb => lb.ProvisioningStatus == "ERROR");
        Assert.Contains(lbs, lb => lb.ProvisioningStatus == "PENDING_UPDATE");
        Assert.All(lbs.Where(lb => lb.Provider != "ovn"), lb => Assert.True(
            lb.Amphorae.Select(a => a.Role).SequenceEqual(["MASTER", "BACKUP"]) || lb.Amphorae.Select(a => a.Role).SequenceEqual(["STANDALONE"])));
        var start = new DateTimeOffset(Reference.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        Assert.All(lbs.SelectMany(lb => lb.Amphorae), a => Assert.InRange(a.CertExpiration!.Value, start, start.AddYears(1)));

        var nodes = cluster.Nodes;
        Assert.Contains(nodes, n => n.Roles.Contains("gateway"));
        Assert.True(nodes.Select(n => n.AvailabilityZone).Distinct().Count() > 2);
        Assert.Contains(nodes, n => !n.Instances.IsEmpty);
        Assert.Contains(nodes, n => n.Annotations.GetValueOrDefault(ClusterGenerator.MigrationModeAnnotation) == "manual");
        Assert.Contains(nodes, n => n.Annotations.GetValueOrDefault(ClusterGenerator.MigrationModeAnnotation) == "skip");
        Assert.InRange(nodes.Count(n => n.Annotations.ContainsKey(ClusterGenerator.MigrationModeAnnotation)), 1, nodes.Length / 10);

        var subclouds = cluster.Subclouds;
        Assert.DoesNotContain(subclouds, s => s.KubeRootcaSync == "unknown");
        Assert.True(subclouds.Count(s => s.KubeRootcaSync == "out-of-sync") > subclouds.Length / 2);
        Assert.Contains(subclouds, s => s.KubeRootcaSync == "in-sync");
        Assert.InRange(subclouds.Count(s => s.Availability == "offline"), 1, subclouds.Length / 20);
        Assert.All(subclouds, s => Assert.Contains(cluster.SubcloudGroups, g => g.Name == s.Group));
        Assert.Contains(cluster.SubcloudGroups, g => g.ApplyType == "serial");
        Assert.NotNull(cluster.Deployment);
        Assert.Equal("APPLIED", cluster.Deployment.State);
        Assert.All(cluster.Deployment.Health.Values, status => Assert.Equal("Ready", status));
    }

    [Theory]
    [InlineData(ClusterFileFormat.Yaml, "# Generated by: mplan cluster generate --name east --loadbalancers 3")]
    [InlineData(ClusterFileFormat.Json, "{")]
    public void Write_Header_SaysWhichCommandMadeIt(ClusterFileFormat format, string expectedStart)
    {
        // Given
        var options = Options(loadBalancers: 3, nodes: 0, subclouds: 0, format: format) with { Name = "east" };

        // When
        var text = System.Text.Encoding.UTF8.GetString(Generate(options));

        // Then
        Assert.StartsWith(expectedStart, text, StringComparison.Ordinal);
        Assert.Contains("mplan cluster generate --name east --loadbalancers 3 --nodes 0 --subclouds 0 --seed 7 --reference-date 2026-12-01", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NothingButAName_IsAValidEmptyCluster()
    {
        // Given
        var options = Options(loadBalancers: 0, nodes: 0, subclouds: 0);

        // When
        var (cluster, diagnostics) = Load(Generate(options));

        // Then
        Assert.Empty(diagnostics.Items);
        Assert.Null(cluster.Deployment);
        Assert.Empty(cluster.LoadBalancers);
    }

    [Theory]
    [InlineData("", 1, 0, 0, "--name must not be empty")]
    [InlineData("c", -1, 0, 0, "--loadbalancers must be between 0 and 1,000,000, got -1")]
    [InlineData("c", 0, -3, 0, "--nodes must be between 0 and 1,000,000, got -3")]
    [InlineData("c", 0, 0, 2_000_000, "--subclouds must be between 0 and 1,000,000, got 2000000")]
    [InlineData("two\nlines", 0, 0, 0, "--name must be one line of printable characters")]
    public void Problems_BadOptions_SayWhatIsWrong(string name, int lbs, int nodes, int subclouds, string expected)
    {
        // Given
        var options = Options(lbs, nodes, subclouds) with { Name = name };

        // When
        var problems = options.Problems();

        // Then
        Assert.Equal([expected], problems);
        Assert.Throws<ArgumentException>(() => ClusterGenerator.Write(options, Stream.Null));
    }

    [Theory]
    [InlineData(ClusterFileFormat.Yaml)]
    [InlineData(ClusterFileFormat.Json)]
    public void Build_AmphoraRotationPlanAgainstGeneratedCluster_PlansEveryAmphoraLoadBalancer(ClusterFileFormat format)
    {
        // Given
        var options = Options(loadBalancers: 400, nodes: 0, subclouds: 0, format: format);
        var clusterPath = format == ClusterFileFormat.Json ? "generated.json" : "generated.yaml";
        var files = new MemoryFiles(diskBehind: true).Add(clusterPath, Generate(options));
        var diagnostics = new DiagnosticBag();

        // When
        var plan = PlanBuilder.Build(ExamplePlan("amphora-rotation.yaml"), files, new Dictionary<string, string> { ["osh-dev"] = clusterPath }, diagnostics);

        // Then
        Assert.NotNull(plan);
        Assert.DoesNotContain(diagnostics.Items, d => d.IsError);
        var (cluster, _) = Load(Generate(options));
        // Rockoon's Job picks LBs in ERROR and amphora LBs with amphorae; the follow-up may redo any of its amphora ones.
        var byJob = cluster.LoadBalancers.Where(lb => lb.ProvisioningStatus == "ERROR" || (lb.Provider is "amphora" or "amphorav2" && !lb.Amphorae.IsDefaultOrEmpty)).ToList();
        var rotation = plan.Operations.Single(o => o.Spec.Id == "rotate-ca");
        Assert.Equal(byJob.Count, rotation.Targets.Length);
        Assert.Equal(400 - byJob.Count, rotation.Skipped.Length);
        var expected = byJob.Count(lb => lb.Provider is "amphora" or "amphorav2" or "octavia");
        var failover = plan.Operations.Single(o => o.Spec.Id == "failover");
        Assert.Equal(expected, failover.Targets.Length);
        Assert.Equal(400 - expected, failover.Skipped.Length);
        Assert.True(plan.Estimate.Expected > TimeSpan.Zero);
    }

    [Fact]
    public void Build_CombinedPlanAgainstOneGeneratedClusterForAll_Plans()
    {
        // Given
        var files = new MemoryFiles(diskBehind: true).Add("all.json", Generate(Options(loadBalancers: 200, nodes: 30, subclouds: 30, format: ClusterFileFormat.Json)));
        var overrides = new Dictionary<string, string> { ["region-one"] = "all.json", ["mosk-prod"] = "all.json", ["dc-central"] = "all.json" };
        var diagnostics = new DiagnosticBag();

        // When
        var plan = PlanBuilder.Build(ExamplePlan("combined.yaml"), files, overrides, diagnostics);

        // Then
        Assert.NotNull(plan);
        Assert.DoesNotContain(diagnostics.Items, d => d.IsError);
        Assert.Equal(30, plan.Operations.Single(o => o.Spec.Id == "node-update").Targets.Length);
        Assert.NotEmpty(plan.Operations.Single(o => o.Spec.Id == "kube-rootca").Targets);
    }

    private static ClusterGeneratorOptions Options(int loadBalancers, int nodes, int subclouds,
        ClusterFileFormat format = ClusterFileFormat.Yaml, int seed = 7) =>
        new("generated", loadBalancers, nodes, subclouds, seed, Reference, format);

    private static byte[] Generate(ClusterGeneratorOptions options)
    {
        using var stream = new MemoryStream();
        ClusterGenerator.Write(options, stream);
        return stream.ToArray();
    }

    // What mplan itself does with a cluster file: load it, check it against the cluster schema, bind it.
    private static (ClusterInventory Cluster, DiagnosticBag Diagnostics) Load(byte[] bytes)
    {
        var diagnostics = new DiagnosticBag();
        var root = DocumentLoader.Load("generated", bytes, DocumentLimits.Cluster, diagnostics);
        var mapping = Assert.IsType<YMapping>(root);
        SchemaCatalog.Validator(SchemaCatalog.Cluster).Validate(mapping, diagnostics);
        return (ClusterBinder.Bind("generated", "generated", mapping, diagnostics), diagnostics);
    }

    private static string Describe(LoadBalancer lb) =>
        $"{lb.Id} {lb.Name} {lb.Project} {lb.Provider} {lb.ProvisioningStatus} {lb.OperatingStatus} {string.Join(";", lb.Amphorae)}";

    private static string Describe(ClusterNode node) =>
        $"{node.Name} {string.Join(",", node.Roles)} {node.AvailabilityZone} {node.InstanceCount} {string.Join(";", node.Instances)} {string.Join(";", node.Annotations)}";

    private static string ExamplePlan(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "plans", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"plans/{name} not found above {AppContext.BaseDirectory}");
    }
}
