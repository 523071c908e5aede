using Tests.Shared;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Plans;
using Planner.Tests.TestKit;

namespace Planner.Tests.Operations;

/// <summary>What each operation kind selects, skips (and why), and which steps it adds.</summary>
public sealed class ExpanderTests
{
    private const string MixedLoadBalancers = """
        apiVersion: mplan/v1
        kind: Cluster
        metadata: {name: c}
        loadBalancers:
          - {id: id-soon, name: soon, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: a1, certExpiration: 2026-12-20T00:00:00Z}]}
          - {id: id-later, name: later, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: a2, certExpiration: 2027-12-20T00:00:00Z}]}
          - {id: id-ovn, name: ovn-lb, provider: ovn, provisioningStatus: ACTIVE}
          - {id: id-error, name: broken, provider: amphorav2, provisioningStatus: ERROR, amphorae: [{id: a3, certExpiration: 2027-12-20T00:00:00Z}]}
          - {id: id-busy, name: busy, provider: amphora, provisioningStatus: PENDING_UPDATE}
          - {id: id-gone, name: excluded, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: a4, certExpiration: 2026-12-10T00:00:00Z}]}
        """;

    [Fact]
    public void Failover_SelectionByProviderStatusExpiryAndExclusion_RecordsEverySkipReason()
    {
        // Given: the window opens 2026-12-05; certificates expiring within 30 days are due
        var plan = Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover, select: {certExpiresWithin: 30d}, exclude: [excluded]}\n");

        // When
        var operation = Build(plan, MixedLoadBalancers).Operations.Single();

        // Then: an LB in ERROR is failed over whatever its expiry (it is the recovery path)
        Assert.Equal(["soon", "broken"], operation.Targets.Select(t => t.Name));
        Assert.Equal(
            [("later", "certificates valid beyond certExpiresWithin"), ("ovn-lb", "provider ovn not selected"),
             ("busy", "provisioning status PENDING_UPDATE not selected"), ("excluded", "excluded by the plan")],
            operation.Skipped.Select(s => (s.Name, s.Reason)));
    }

    [Fact]
    public void Failover_OctaviaProviderName_IsTheAmphoraAlias()
    {
        // Given
        var cluster = Inventories.LoadBalancers(2, provider: "octavia");
        var plan = Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover}\n");

        // When
        var operation = Build(plan, cluster).Operations.Single();

        // Then
        Assert.Equal(2, operation.Targets.Length);
    }

    [Fact]
    public void Failover_Defaults_FollowRockoonAndAreMarkedAsDefaults()
    {
        // Given
        var plan = Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover}\n");

        // When
        var resolved = Build(plan, MixedLoadBalancers);
        var step = resolved.Graph.Steps.First(s => s.Action == "failover");

        // Then
        Assert.Equal(5, resolved.Operations.Single().Concurrency);
        Assert.Equal((7, TimeSpan.FromSeconds(5), 3.0), (step.Attempts, step.RetryDelay, step.Backoff));
        Assert.Equal("pause for the operator when failures > 3", resolved.Operations.Single().Policy.Describe());
        Assert.All(resolved.Operations.Single().Settings.Where(s => s.Name.StartsWith("retry.", StringComparison.Ordinal)), s => Assert.True(s.IsDefault));
    }

    [Fact]
    public void KubeRootca_Group_TakesTheGroupsApplyTypeAndMaxParallel()
    {
        // Given
        var cluster = """
            apiVersion: mplan/v1
            kind: Cluster
            metadata: {name: c}
            subcloudGroups: [{name: east, applyType: parallel, maxParallelSubclouds: 3}]
            subclouds:
              - {name: s1, group: east, kubeRootcaSync: out-of-sync}
              - {name: s2, group: east, kubeRootcaSync: out-of-sync}
              - {name: s3, group: Default, kubeRootcaSync: out-of-sync}
            """;
        var plan = Inventories.Plan("  - {id: rootca, uses: dcmanager.kube-rootca-update, select: {group: east}}\n");

        // When
        var operation = Build(plan, cluster).Operations.Single();

        // Then
        Assert.Equal(3, operation.Concurrency);
        Assert.Equal(["s1", "s2"], operation.Targets.Select(t => t.Name));
        Assert.Equal("not in group east", operation.Skipped.Single().Reason);
    }

    [Fact]
    public void KubeRootca_StagesMode_EachBatchWaitsForTheSlowestOfThePrevious()
    {
        // Given: 5 subclouds, max parallel 2 -> batches of 2, 2, 1
        var plan = Inventories.Plan("  - {id: rootca, uses: dcmanager.kube-rootca-update, with: {maxParallelSubclouds: 2, orchestration: stages}, duration: {expected: 30m}}\n",
            "{start: 2026-12-05T22:00:00Z, duration: 10h}");

        // When
        var resolved = Build(plan, Inventories.Subclouds(5));

        // Then
        // A stage of 2 lasts as its slower member: 30m x 1.20 = 36m1s (not the mean, 30m), with the spread of dcmanager's
        // figure (median 45m, p95 75m); the last stage, of 1, 30m.
        Assert.Equal(3, resolved.Graph.Steps.Count(s => s.Id.StartsWith("rootca:stage-", StringComparison.Ordinal)));
        Assert.Equal(TimeSpan.FromSeconds((2 * 2161) + 1800), resolved.Estimate.Expected);
    }

    [Fact]
    public void KubeRootca_StopOnFailure_BecomesStopAtTheFirstFailure()
    {
        // Given
        var plan = Inventories.Plan("  - {id: rootca, uses: dcmanager.kube-rootca-update, with: {stopOnFailure: true}}\n");

        // When
        var policy = Build(plan, Inventories.Subclouds(3)).Operations.Single().Policy;

        // Then
        Assert.True(policy.IsBreached(1, 3));
        Assert.Equal(Planner.Model.PolicyAction.Stop, policy.Action);
    }

    [Fact]
    public void Shell_TemplatePerTarget_IsRenderedIntoTheReviewedPlan()
    {
        // Given
        var plan = Inventories.Plan("  - {id: drain, uses: shell.run, select: {from: loadBalancers}, with: {command: 'echo {{ target }} {{ id }} on {{ cluster }}'}}\n");

        // When
        var steps = Build(plan, Inventories.LoadBalancers(2)).Graph.Steps.Where(s => s.Action == "run").ToList();

        // Then
        Assert.Equal(["echo lb-00000 lb-00000 on c", "echo lb-00001 lb-00001 on c"], steps.Select(s => s.Detail));
    }

    [Fact]
    public void Approval_OnAnyOperation_AddsAGateBeforeItsTargets()
    {
        // Given
        var plan = Inventories.Plan("  - {id: failover, uses: octavia.loadbalancer-failover, approval: {message: go?, expectedWait: 7m}, duration: {expected: 1m}}\n");

        // When
        var resolved = Build(plan, Inventories.LoadBalancers(1));
        var gate = resolved.Graph.Steps.Single(s => s.Kind == StepKind.Gate);

        // Then
        Assert.Equal("failover:approval", gate.Id);
        Assert.Equal(TimeSpan.FromMinutes(8), resolved.Estimate.Expected);
        Assert.Contains(gate.Index, resolved.Graph.Steps.Single(s => s.Action == "failover").Dependencies);
    }

    [Fact]
    public void Canary_Members_EachBecomeAStepOfOneChain()
    {
        // Given
        var plan = Inventories.Plan("  - {id: canary, uses: octavia.canary, with: {vipSubnet: 6d1b1f3a-4c2e-4a8b-9f3e-2b7c5d8e9a10, members: [{address: 192.0.2.1, port: 80}, {address: 192.0.2.2, port: 80}]}}\n");

        // When
        var actions = Build(plan, Inventories.LoadBalancers(0)).Graph.Steps.Where(s => s.Kind == StepKind.Action).Select(s => s.Action);

        // Then
        Assert.Equal(["create-loadbalancer", "create-listener", "create-pool", "create-healthmonitor", "add-member-1", "add-member-2", "check-online", "delete"], actions);
    }

    private static ResolvedPlan Build(string plan, string cluster)
    {
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", cluster), new Dictionary<string, string>(), diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return resolved!;
    }
}
