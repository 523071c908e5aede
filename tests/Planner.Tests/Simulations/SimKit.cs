using Planner.Diagnostics;
using Planner.Plans;
using Planner.Scheduling;
using Simulator.Engine;
using Tests.Shared;

namespace Planner.Tests.Simulations;

/// <summary>Builds small plans with a cluster and behaviour in memory, and runs trials of them.</summary>
internal static class SimKit
{
    public const string Cluster = "cluster.yaml";

    /// <summary>A plan failing over every load balancer of the cluster; each setting is one line under the operation.</summary>
    public static string FailoverPlan(params string[] settings) => Lines(
    [
        "apiVersion: mplan/v1", "kind: MaintenancePlan", "metadata: {name: sim-test}",
        "windows: [{start: 2026-12-05T22:00:00Z, duration: 1d}]", "clusters:", $"  c: {{file: {Cluster}}}", "operations:",
        "  - id: failover", "    uses: octavia.loadbalancer-failover", .. settings.Select(s => "    " + s),
    ]);

    /// <summary>A cluster of <paramref name="count"/> amphora LBs (lb-01…; the first <paramref name="inError"/> in ERROR) and behaviour lines.</summary>
    public static string LoadBalancers(int count, string[] behaviour, int inError = 0) => Lines(
    [
        "apiVersion: mplan/v1", "kind: Cluster", "metadata: {name: c}", "loadBalancers:",
        .. Enumerable.Range(1, count).Select(i => $"  - {{id: lb-{i:00}, name: lb-{i:00}, provider: amphora, provisioningStatus: {(i <= inError ? "ERROR" : "ACTIVE")}}}"),
        .. behaviour.Length > 0 ? ["behaviour:", .. behaviour.Select(b => "  " + b)] : Array.Empty<string>(),
    ]);

    public static string Lines(IEnumerable<string> lines) => string.Join("\n", lines) + "\n";

    public static (ResolvedPlan Plan, SimulationProfile Profile) Build(string plan, string cluster)
    {
        var files = new MemoryFiles().Add("plan.yaml", plan).Add(Cluster, cluster);
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("plan.yaml", files, new Dictionary<string, string>(), diagnostics);
        var profile = resolved is null ? null : SimulationProfile.Build(resolved, diagnostics);
        Assert.True(profile is not null, string.Join("\n", diagnostics.Items.Select(d => d.ToString())));
        return (resolved!, profile!);
    }

    /// <summary>The diagnostics of a plan whose cluster's behaviour is wrong.</summary>
    public static IReadOnlyList<Diagnostic> Problems(string plan, string cluster)
    {
        var files = new MemoryFiles().Add("plan.yaml", plan).Add(Cluster, cluster);
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("plan.yaml", files, new Dictionary<string, string>(), diagnostics);
        if (resolved is not null)
        {
            SimulationProfile.Build(resolved, diagnostics);
        }

        return diagnostics.Items;
    }

    public static int StepOf(ResolvedPlan plan, string id) => plan.Graph.Steps.Single(s => s.Id == id).Index;
}

/// <summary>Records when each step's attempts start, in seconds of virtual time.</summary>
internal sealed class StartRecorder : IRunObserver
{
    private readonly List<(int Step, double At)> _starts = [];

    public List<double> Of(int step) => [.. _starts.Where(s => s.Step == step).Select(s => s.At)];

    public void StepStarted(StepStart start, TimeSpan now) => _starts.Add((start.Step, now.TotalSeconds));

    public void StepRetrying(int step, int attempt, TimeSpan retryAt, string? detail, TimeSpan now)
    {
    }

    public void StepFinished(int step, StepState state, string? reason, TimeSpan now)
    {
    }

    public void Noted(SchedulerNote note)
    {
    }
}
