using System.Text;

namespace Planner.Tests.TestKit;

/// <summary>Small cluster files written for a test.</summary>
internal static class Inventories
{
    public static string LoadBalancers(int count, string provider = "amphora")
    {
        var text = new StringBuilder($"apiVersion: mplan/v1\nkind: Cluster\nmetadata: {{name: c}}\nloadBalancers:{(count == 0 ? " []" : "")}\n");
        for (var i = 0; i < count; i++)
        {
            text.Append($"  - {{id: lb-{i:D5}, provider: {provider}, provisioningStatus: ACTIVE}}\n");
        }

        return text.ToString();
    }

    public static string Subclouds(int count)
    {
        var text = new StringBuilder("apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: c}\nsubclouds:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append($"  - {{name: subcloud{i:D3}, kubeRootcaSync: out-of-sync}}\n");
        }

        return text.ToString();
    }

    /// <summary>A plan with one window and one cluster file c.yaml, and the given operations (YAML list items).</summary>
    public static string Plan(string operations, string window = "{start: 2026-12-05T22:00:00Z, duration: 4h}") =>
        $"apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {{name: test}}\nwindows: [{window}]\nclusters: {{c: {{file: c.yaml}}}}\noperations:\n{operations}";

    /// <summary>Plans <paramref name="plan"/> (as plan.yaml) over <paramref name="cluster"/> (at <paramref name="clusterPath"/>); fails the test on errors.</summary>
    public static Planner.Plans.ResolvedPlan Resolve(string plan, string cluster, string clusterPath = "c.yaml")
    {
        var diagnostics = new Planner.Diagnostics.DiagnosticBag();
        var files = new global::Tests.Shared.MemoryFiles().Add("plan.yaml", plan).Add(clusterPath, cluster);
        var resolved = Planner.Plans.PlanBuilder.Build("plan.yaml", files, new Dictionary<string, string>(), diagnostics);
        Assert.True(resolved is not null, string.Join("\n", diagnostics.Items));
        return resolved!;
    }
}
