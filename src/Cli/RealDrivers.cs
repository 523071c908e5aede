using Executor.Drivers;
using Executor.OpenStack;
using Planner.Plans;

namespace Cli;

/// <summary>
/// The drivers <c>mplan apply</c> uses against real systems: Octavia (failover, canary) for every cluster the plan
/// runs Octavia operations on, each with the cloud its cluster file or <c>--os-cloud</c> names.
/// </summary>
internal static class RealDrivers
{
    public static IReadOnlyList<IStepDriver> For(CliContext context, ResolvedPlan plan, string? cloudOption)
    {
        var loader = Loader(context);
        var byCluster = new Dictionary<string, IReadOnlyList<IStepDriver>>(StringComparer.Ordinal);
        foreach (var cluster in plan.Operations.Where(o => o.Spec.Uses.StartsWith("octavia.", StringComparison.Ordinal)).Select(o => o.Cluster).Distinct())
        {
            var inventory = plan.Clusters.First(c => c.Name == cluster);
            var cloud = loader.Load(OpenStackDrivers.CloudName(inventory, cloudOption));

            // Without Keystone (noauth, Octavia's noop drivers) no health manager reports ONLINE: the canary accepts
            // provisioning ACTIVE instead and says so.
            var options = new OctaviaDriverOptions { AcceptOfflineOperatingStatus = cloud.AuthKind == AuthKind.None };
            byCluster[cluster] = OpenStackDrivers.Create(cloud, plan, cluster, options).Drivers;
        }

        return byCluster.Count == 0 ? [] : [new ClusterRouter(byCluster)];
    }

    /// <summary>Where OpenStack settings come from: the context's environment in tests, the process's otherwise.</summary>
    public static CloudConfigLoader Loader(CliContext context) => context.Environment is { } environment
        ? new CloudConfigLoader(environment, file => File.Exists(file) ? File.ReadAllBytes(file) : null, Directory.GetCurrentDirectory())
        : CloudConfigLoader.FromProcess();
}
