using Planner.Tests.TestKit;

namespace Planner.Tests.Operations;

public sealed class StepIdTests
{
    [Fact]
    public void Expand_LoadBalancersWithTheSameName_GetDistinctStepIds()
    {
        // Given: Octavia names need not be unique (two projects both have "web")
        const string plan = """
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: names}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {lab: {file: cluster.yaml}}
            operations:
              - id: failover
                uses: octavia.loadbalancer-failover
            """;
        const string cluster = """
            apiVersion: mplan/v1
            kind: Cluster
            metadata: {name: lab}
            loadBalancers:
              - {id: id-1, name: web, project: a, provider: amphora, provisioningStatus: ACTIVE, operatingStatus: ONLINE}
              - {id: id-2, name: web, project: b, provider: amphora, provisioningStatus: ACTIVE, operatingStatus: ONLINE}
              - {id: id-3, name: db, project: b, provider: amphora, provisioningStatus: ACTIVE, operatingStatus: ONLINE}
            """;

        // When
        var resolved = Inventories.Resolve(plan, cluster, "cluster.yaml");

        // Then: the first keeps its name, the repeat is told apart by its id; every id is unique
        var ids = resolved.Graph.Steps.Where(s => s.TargetId is not null).Select(s => s.Id).ToList();
        Assert.Equal(["failover/web", "failover/web@id-2", "failover/db"], ids);
    }
}
