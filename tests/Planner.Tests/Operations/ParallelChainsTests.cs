using System.Text;
using Planner.Graph;
using Planner.Tests.TestKit;

namespace Planner.Tests.Operations;

/// <summary>
/// Large operations make their targets' steps on every core (OperationContext.AddChains). A cluster big enough for the
/// work to be split must give the graph a single thread would: every chain in the cluster's order, at the index it was
/// given, linked to its own target's steps.
/// </summary>
public sealed class ParallelChainsTests
{
    private const int LoadBalancers = 12_000;

    [Fact]
    public void Expand_RotationAndFollowUpOfManyLoadBalancers_ChainsInClusterOrder_EachLinkedToItsOwnTarget()
    {
        // Given: a rotation whose Job fails over most LBs (not the ovn ones but in ERROR), a follow-up of the ones it leaves failed,
        // names that repeat, and some LBs in ERROR (their own step detail)
        var plan = Inventories.Plan("""
              - {id: rotate, uses: mosk.rotate-certificates}
              - {id: failover, uses: octavia.loadbalancer-failover, needs: [rotate], select: {afterRotation: failed}}

            """);

        // When
        var resolved = Inventories.Resolve(plan, Cluster());

        // Then: one Job step per LB it fails over, in the cluster's order, each holding its own slot
        var steps = resolved.Graph.Steps;
        var expectedJob = Enumerable.Range(0, LoadBalancers).Where(i => Provider(i) != "ovn" || Status(i) == "ERROR").Select(Id).ToList();
        var job = steps.Where(s => s.Operation == 0 && s.Action == "job-failover").ToList();
        Assert.Equal(expectedJob, job.Select(s => s.TargetId));
        Assert.All(job, s => Assert.Equal(s.Index, s.SlotHolder));
        Assert.All(job, s => Assert.Equal(Status(int.Parse(s.TargetId!["lb-".Length..])) == "ERROR", s.Detail!.StartsWith("in ERROR", StringComparison.Ordinal)));
        Assert.Equal(job.Count, job.Select(s => s.Index).Distinct().Count());

        // ... and one follow-up per such LB the failover selects (not ovn), in the same order, following up exactly that LB's Job step
        var followUps = steps.Where(s => s.Operation == 1 && s.Action == "failover").ToList();
        Assert.Equal(expectedJob.Where(id => Provider(int.Parse(id["lb-".Length..])) != "ovn"), followUps.Select(s => s.TargetId));
        Assert.All(followUps, s => Assert.Equal(s.TargetId, steps[s.RunsIfFailed].TargetId));
        Assert.All(followUps, s => Assert.Equal(s.Index, s.SlotHolder));

        // ... and every step sits at its index, with ids that are all different (repeated names get name@id)
        Assert.All(steps, (s, i) => Assert.Equal(i, s.Index));
        Assert.Equal(steps.Length, steps.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("rotate/web", job.Single(s => s.TargetId == "lb-00001").Id);
        Assert.Equal("rotate/web@lb-11996", job.Single(s => s.TargetId == "lb-11996").Id);
    }

    private static string Id(int i) => $"lb-{i:D5}";

    private static string Provider(int i) => i % 7 == 3 ? "ovn" : "amphora";

    private static string Status(int i) => i % 11 == 5 ? "ERROR" : "ACTIVE";

    private static string Cluster()
    {
        var text = new StringBuilder("apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: c}\nopenstackDeployment: {name: osdpl, state: APPLIED}\nloadBalancers:\n");
        for (var i = 0; i < LoadBalancers; i++)
        {
            var name = i % 5 == 1 ? "web" : $"lb-name-{i}";
            text.Append($"  - {{id: {Id(i)}, name: {name}, provider: {Provider(i)}, provisioningStatus: {Status(i)}, amphorae: [{{id: a-{i}}}]}}\n");
        }

        return text.ToString();
    }
}
