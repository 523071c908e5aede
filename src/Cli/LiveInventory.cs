using Executor.Kinds;
using Executor.OpenStack;
using Planner.Plans;

namespace Cli;

/// <summary>Reads the live inventory behind a plan, for apply's "is this still the plan I reviewed?" check and <c>--refresh</c>.</summary>
internal interface ILiveInventory
{
    /// <summary>
    /// Writes a fresh cluster file into <paramref name="directory"/> for every cluster the plan reads live, and returns
    /// them as NAME=FILE overrides; empty when the plan reads nothing live.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> SnapshotAsync(ResolvedPlan plan, string? cloud, string directory, CancellationToken cancellationToken);
}

/// <summary>No live systems (tests, unless they give one).</summary>
internal sealed class NoLiveInventory : ILiveInventory
{
    public Task<IReadOnlyDictionary<string, string>> SnapshotAsync(ResolvedPlan plan, string? cloud, string directory, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}

/// <summary>Octavia's live load balancers, for every cluster with an operation whose kind reads them (<see cref="ApplyKinds"/>).</summary>
internal sealed class OctaviaLiveInventory(CliContext context) : ILiveInventory
{
    public async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(ResolvedPlan plan, string? cloud, string directory, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var octaviaClusters = plan.Operations
            .Where(o => ApplyKinds.Find(o.Spec.Uses)?.Live == LiveInventorySource.OctaviaLoadBalancers)
            .Select(o => o.Cluster)
            .Distinct();
        foreach (var cluster in octaviaClusters)
        {
            var inventory = plan.Clusters.First(c => c.Name == cluster);
            var cloudName = OpenStackDrivers.CloudName(inventory, cloud);
            using var session = new OpenStackSession(RealDrivers.Loader(context).Load(cloudName));
            var snapshot = await OctaviaInventory.ReadAsync(new OctaviaClient(session), null, cancellationToken);
            var path = Path.Combine(directory, $"{cluster}.live-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'Z'}.yaml");
            await using (var writer = new StreamWriter(path))
            {
                OctaviaInventory.WriteYaml(writer, snapshot, cluster, cloudName, null, "mplan apply (live inventory check)");
            }

            files[cluster] = path;
        }

        return files;
    }
}
