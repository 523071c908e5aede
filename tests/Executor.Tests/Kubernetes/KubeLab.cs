using Executor.Kubernetes;
using Executor.Tests.TestKit;
using Planner.Plans;
using Simulator.Fakes.Kubernetes;
using Tests.Shared;

namespace Executor.Tests.Kubernetes;

/// <summary>
/// A plan over an in-memory cluster file, the fake Kubernetes API serving that file, and the drivers' context
/// connected to it through a kubeconfig the fake wrote, as the real apply connects.
/// </summary>
internal sealed class KubeLab : IAsyncDisposable
{
    private readonly string _directory;

    private KubeLab(ResolvedPlan plan, FakeKubernetes fake, KubeDriverContext context, string directory)
    {
        Plan = plan;
        Fake = fake;
        Context = context;
        _directory = directory;
    }

    public ResolvedPlan Plan { get; }

    public FakeKubernetes Fake { get; }

    public KubeDriverContext Context { get; }

    /// <summary>Plans <paramref name="operations"/> (YAML list items) against <paramref name="cluster"/> and serves the cluster.</summary>
    public static async Task<KubeLab> StartAsync(string cluster, string operations, double speed = 600)
    {
        var plan = Plans.Planned("plan.yaml", new MemoryFiles()
            .Add("plan.yaml", "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: kube-test}\n" +
                "windows: [{start: 2026-12-05T22:00:00Z, duration: 8h}]\nclusters: {lab: {file: cluster.yaml}}\noperations:\n" + operations)
            .Add("cluster.yaml", cluster));
        var fake = await FakeKubernetes.StartAsync(plan.Clusters.Single(), new FakeKubernetesOptions { Speed = speed });
        var directory = Directory.CreateTempSubdirectory("mplan-kubelab-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        fake.WriteKubeconfig(kubeconfig);
        var inventory = plan.Clusters.Single();
        var context = new KubeDriverContext(plan, inventory.Name,
            () => KubeConnector.Load(kubeconfig, _ => null).ConnectCluster(inventory.Kubernetes, null), TimeProvider.System, TimeSpan.FromMilliseconds(50));
        return new KubeLab(plan, fake, context, directory);
    }

    /// <summary>The first step of the plan whose action is <paramref name="action"/> (and target, if given).</summary>
    public Planner.Graph.Step Step(string action, string? target = null) =>
        Plan.Graph.Steps.First(s => s.Action == action && (target is null || s.TargetId == target));

    public static Drivers.AttemptCall Call(Planner.Graph.Step step, string uses, List<string>? progress = null) =>
        new(step, uses, "lab", 1, _ => Task.CompletedTask)
        {
            Progress = detail =>
            {
                progress?.Add(detail);
                return Task.CompletedTask;
            },
        };

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
