using Planner.Plans;
using Planner.Tests.TestKit;

namespace Planner.Tests.Plans;

public sealed class PlanDriftTests
{
    private const string Plan = """
        apiVersion: mplan/v1
        kind: MaintenancePlan
        metadata: {name: drift}
        windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
        clusters: {lab: {file: cluster.yaml}}
        operations:
          - id: failover
            uses: octavia.loadbalancer-failover
            select: {projects: [p]}
        """;

    [Fact]
    public void Compare_SameInventory_NoDrift()
    {
        // Given
        var reviewed = Build(Lb("a", "ACTIVE", "amp-a"), Lb("b", "ACTIVE", "amp-b"));
        var live = Build(Lb("a", "ACTIVE", "amp-a"), Lb("b", "ACTIVE", "amp-b"));

        // When
        var drift = PlanDrift.Compare(reviewed, live);

        // Then
        Assert.Empty(drift);
    }

    [Fact]
    public void Compare_TargetsAddedAndGone_AreNamed()
    {
        // Given: b was deleted, c was created (in the selected project), d in another project does not matter
        var reviewed = Build(Lb("a", "ACTIVE", "amp-a"), Lb("b", "ACTIVE", "amp-b"));
        var live = Build(Lb("a", "ACTIVE", "amp-a"), Lb("c", "ACTIVE", "amp-c"), Lb("d", "ACTIVE", "amp-d", project: "other"));

        // When
        var drift = PlanDrift.Compare(reviewed, live);

        // Then
        Assert.Equal(["failover would now also handle 1: c", "failover would no longer handle 1: b"], drift);
    }

    [Fact]
    public void Compare_StatusAndAmphoraeMoved_AreNamed()
    {
        // Given: a went to ERROR; b was failed over by someone else
        var reviewed = Build(Lb("a", "ACTIVE", "amp-a"), Lb("b", "ACTIVE", "amp-b"));
        var live = Build(Lb("a", "ERROR", "amp-a"), Lb("b", "ACTIVE", "amp-b2"));

        // When
        var drift = PlanDrift.Compare(reviewed, live);

        // Then
        Assert.Equal(["failover: a is ERROR now, ACTIVE when planned", "failover: b has other amphorae than when planned (failed over since?)"], drift);
    }

    private static string Lb(string name, string status, string amphora, string project = "p") =>
        $"  - {{id: id-{name}, name: {name}, project: {project}, provider: amphora, provisioningStatus: {status}, operatingStatus: ONLINE, " +
        $"amphorae: [{{id: {amphora}, role: STANDALONE, status: ALLOCATED}}]}}\n";

    private static ResolvedPlan Build(params string[] loadBalancers) =>
        Inventories.Resolve(Plan, "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: lab}\nloadBalancers:\n" + string.Concat(loadBalancers), "cluster.yaml");
}
