using Tests.Shared;
using System.Text;
using Planner.Diagnostics;
using Planner.Model;
using Planner.Plans;

namespace Executor.Tests.TestKit;

/// <summary>Plans for the request builder: written in memory, or the repository's examples, planned by the real planner.</summary>
internal static class Plans
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Plans a one-operation plan whose <c>with:</c> is <paramref name="with"/> (flow YAML) and returns the operation.</summary>
    public static OperationSpec PkiOperation(string with)
    {
        var plan = "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: test}\nwindows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]\n" +
            "clusters: {c: {file: c.yaml}}\noperations:\n  - id: pki\n    uses: octavia.pki\n    with: " + with + "\n";
        var files = new MemoryFiles(diskBehind: true)
            .Add("plan.yaml", plan)
            .Add("c.yaml", "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: c}\nloadBalancers: []\n");
        return Planned("plan.yaml", files).Operations.Single().Spec;
    }

    /// <summary>Plans <paramref name="plan"/> (plan.yaml, in memory) against an empty cluster file named cluster.yaml.</summary>
    public static ResolvedPlan InMemory(string plan) =>
        Planned("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("cluster.yaml", "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: lab}\nloadBalancers: []\n"));

    /// <summary>Plans a file and returns the plan (asserting it is valid).</summary>
    public static ResolvedPlan Planned(string path, IFileSource files)
    {
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build(path, files, new Dictionary<string, string>(), diagnostics, estimate: false);
        Assert.True(resolved is not null, string.Join("\n", diagnostics.Sorted()));
        return resolved;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Planner.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Planner.sln not found above the test binaries.");
    }
}
