using Tests.Shared;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Plans;
using Planner.Tests.TestKit;

namespace Planner.Tests.Planning;

public sealed class ClusterUpdateTests
{
    private const string Nodes = """
        apiVersion: mplan/v1
        kind: Cluster
        metadata: {name: c}
        nodes:
          - {name: cmp-live, roles: [compute], instances: 4}
          - {name: ctl-1, roles: [control-plane]}
          - {name: cmp-manual, roles: [compute], instances: 2, annotations: {"openstack.lcm.mirantis.com/instance_migration_mode": manual}}
          - {name: cmp-skip, roles: [compute], instances: 3, annotations: {"openstack.lcm.mirantis.com/instance_migration_mode": skip}}
          - {name: ctl-2, roles: [control-plane]}
          - {name: cmp-empty, roles: [compute], instances: 0}
        """;

    private const string Operation = "  - {id: update, uses: mosk.cluster-update, concurrency: 1, duration: {expected: 10m}, with: {phases: [], liveMigrationPerInstance: 2m, manualResponse: 30m, trigger: {clusterRelease: mosk-next}}}\n";

    [Fact]
    public void Build_Nodes_ControlPlaneFirstThenWorkersInInventoryOrder()
    {
        // Given / When
        var resolved = Build();

        // Then
        var order = resolved.Operations.Single().Targets.Select(t => t.Name);
        Assert.Equal(["ctl-1", "ctl-2", "cmp-live", "cmp-manual", "cmp-skip", "cmp-empty"], order);
    }

    [Fact]
    public void Build_WorkloadPolicies_BecomeMigrationsGatesOrPowerOff()
    {
        // Given / When
        var steps = Build().Graph.Steps;

        // Then
        Assert.Equal(TimeSpan.FromMinutes(8), steps.Single(s => s.Id == "update/cmp-live/live-migrate").Expected);
        Assert.Equal(3, steps.Single(s => s.Id == "update/cmp-live/live-migrate").Attempts);
        Assert.Equal(StepKind.Gate, steps.Single(s => s.Id == "update/cmp-manual/operator-evacuate").Kind);
        Assert.DoesNotContain(steps, s => s.Id.StartsWith("update/cmp-skip/live-migrate", StringComparison.Ordinal));
        Assert.Contains("3 instance(s) powered off", steps.Single(s => s.Id == "update/cmp-skip").Detail);
        Assert.Single(steps, s => s.TargetName == "cmp-empty");
    }

    [Fact]
    public void Build_TriggerByDefault_IsAGateForTheOperatorsClickBeforeTheFirstPhase()
    {
        // Given: the same update without with.trigger
        var diagnostics = new DiagnosticBag();
        var files = new MemoryFiles()
            .Add("plan.yaml", Inventories.Plan(Operation.Replace(", trigger: {clusterRelease: mosk-next}", "", StringComparison.Ordinal), "{start: 2026-12-05T22:00:00Z, duration: 10h}"))
            .Add("c.yaml", Nodes);

        // When
        var resolved = PlanBuilder.Build("plan.yaml", files, new Dictionary<string, string>(), diagnostics)!;

        // Then: a gate first, waited for as long as the manual response; the release patch is not planned
        var click = resolved.Graph.Steps.Single(s => s.Action == "update-click");
        Assert.Equal((StepKind.Gate, TimeSpan.FromMinutes(30)), (click.Kind, click.Expected));
        Assert.Equal(TimeSpan.FromMinutes((6 * 10) + 8 + 30 + 30), resolved.Estimate.Expected);
        Assert.Contains(resolved.Operations.Single().Settings, s => s is { Name: "trigger", Value: "gate", IsDefault: true });
        Assert.DoesNotContain(resolved.Operations.Single().Settings, s => s.Name == "clusterRelease");
    }

    [Fact]
    public void Build_TriggerClusterRelease_NoGateAndTheReleaseIsASetting()
    {
        var resolved = Build();

        Assert.DoesNotContain(resolved.Graph.Steps, s => s.Action == "update-click");
        Assert.Contains(resolved.Operations.Single().Settings, s => s is { Name: "clusterRelease", Value: "mosk-next" });
    }

    [Fact]
    public void Build_OneNodeAtATime_TotalIsTheSumOfNodeChains()
    {
        // Given: 6 nodes x 10m update, 8m of live migration, a 30m manual gate
        var resolved = Build();

        // Then
        Assert.Equal(TimeSpan.FromMinutes((6 * 10) + 8 + 30), resolved.Estimate.Expected);
        Assert.Equal(1, resolved.Estimate.Impact.MaxNodesInMaintenanceAtOnce);
        Assert.Equal(1, resolved.Estimate.OperatorGates);
    }

    private static ResolvedPlan Build()
    {
        var diagnostics = new DiagnosticBag();
        var files = new MemoryFiles().Add("plan.yaml", Inventories.Plan(Operation, "{start: 2026-12-05T22:00:00Z, duration: 10h}")).Add("c.yaml", Nodes);
        var resolved = PlanBuilder.Build("plan.yaml", files, new Dictionary<string, string>(), diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return resolved!;
    }
}
