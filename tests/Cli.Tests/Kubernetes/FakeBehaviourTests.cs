using Planner.Diagnostics;
using Planner.Plans;
using Simulator.Fakes.Kubernetes.Actors;
using Tests.Shared;

namespace Cli.Tests.Kubernetes;

/// <summary>The cluster file's <c>behaviour.kubernetes</c> knobs: the schema takes them and the fake reads them.</summary>
public sealed class FakeBehaviourTests
{
    private const string Cluster = """
        apiVersion: mplan/v1
        kind: Cluster
        metadata: {name: knobs}
        nodes:
          - {name: cmp-01, roles: [compute]}
        behaviour:
          kubernetes:
            rotation: {failoverJobCrashes: 2, outcome: OUTCOME}
            daemonSetPods: {recreateAfter: 3s, readyAfter: 1m, neverReadyOn: [cmp-01]}
        """;

    [Fact]
    public void The_knobs_are_read_from_the_cluster_file()
    {
        var (inventory, diagnostics) = Load(Cluster.Replace("OUTCOME", "stuck", StringComparison.Ordinal));

        var behaviour = FakeBehaviour.From(inventory!, 7);

        Assert.Empty(diagnostics);
        Assert.Equal(2, behaviour.FailoverJobCrashes);
        Assert.Equal(RotationOutcome.Stuck, behaviour.RotationOutcome);
        Assert.Equal(TimeSpan.FromSeconds(3), behaviour.PodRecreateAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), behaviour.PodReadyAfter);
        Assert.Equal(["cmp-01"], behaviour.PodsNeverReadyOn);
    }

    [Fact]
    public void An_unknown_outcome_is_a_schema_error_at_its_line()
    {
        var (inventory, diagnostics) = Load(Cluster.Replace("OUTCOME", "maybe", StringComparison.Ordinal));

        Assert.Null(inventory);
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(8, error.Location.Line);                        // rotation: {... outcome: maybe}
    }

    private static (Planner.Model.ClusterInventory? Inventory, List<Diagnostic> Diagnostics) Load(string text)
    {
        using var directory = new TempDirectory();
        var path = directory.Path("knobs.yaml");
        File.WriteAllText(path, text);
        var diagnostics = new DiagnosticBag();
        var inventory = PlanBuilder.LoadCluster(path, new FileSystemSource(), diagnostics);
        return (inventory, [.. diagnostics.Sorted()]);
    }
}
