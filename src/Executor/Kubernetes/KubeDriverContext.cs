using Planner.Model;
using Planner.Operations;
using Planner.Plans;

namespace Executor.Kubernetes;

/// <summary>
/// What every Kubernetes driver of one cluster shares: the plan and the cluster's inventory, its clients (connected on
/// first use), the clock, and the watches its waits share.
/// </summary>
public sealed class KubeDriverContext(ResolvedPlan plan, string cluster, Func<KubeClients> clients, TimeProvider time, TimeSpan pollInterval)
{
    private readonly Lazy<KubeClients> _clients = new(clients, LazyThreadSafetyMode.ExecutionAndPublication);

    public ResolvedPlan Plan => plan;

    public ClusterInventory Inventory { get; } = plan.Clusters.First(c => c.Name == cluster);

    public KubeClients Clients => _clients.Value;

    public TimeProvider Time => time;

    /// <summary>The cluster's Octavia, when the plan's cluster names one: the Job's results are checked against it.</summary>
    public Func<Kinds.OctaviaAccess>? Octavia { get; init; }

    /// <summary>The watches the drivers' waits share; a watch that failed is tried again <c>pollInterval</c> later.</summary>
    public KubeWatches Watches { get; } = new(pollInterval, time);

    /// <summary>The operation a step belongs to.</summary>
    /// <param name="index">The step's operation index.</param>
    public ExpandedOperation Operation(int index) =>
        plan.OperationAt(index) ?? throw new ArgumentException($"the plan has no operation {index}", nameof(index));

    /// <summary>A setting of the operation as the plan resolved it (a default included).</summary>
    /// <param name="index">The operation index.</param>
    /// <param name="name">The setting's name.</param>
    public string? Setting(int index, string name) => Operation(index).Settings.FirstOrDefault(s => s.Name == name)?.Value;

    /// <summary>The cluster's OpenStackDeployment, by the operation's <c>osdpl</c> setting.</summary>
    /// <param name="index">The operation index.</param>
    public Osdpl Osdpl(int index) =>
        new(Clients.Mosk, Setting(index, "osdpl") ?? Inventory.Deployment?.Name ?? Inventory.Name, Inventory.Deployment?.Namespace ?? "openstack");

    /// <summary>Reads until <paramref name="probe"/> returns a value, again whenever one of <paramref name="lists"/> changes; the attempt's timeout cancels.</summary>
    /// <typeparam name="T">What the wait yields.</typeparam>
    /// <param name="lists">What the probe reads (watched).</param>
    /// <param name="probe">One read; null means "not yet".</param>
    /// <param name="cancellationToken">The attempt's timeout or the operator's cancel.</param>
    public Task<T> UntilAsync<T>(IReadOnlyList<WatchedList> lists, Func<CancellationToken, Task<T?>> probe, CancellationToken cancellationToken)
        where T : class => Watches.UntilAsync(lists, probe, cancellationToken);
}
