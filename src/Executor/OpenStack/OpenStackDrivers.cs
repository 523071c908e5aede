using Executor.Drivers;
using Planner.Model;
using Planner.Plans;

namespace Executor.OpenStack;

/// <summary>The OpenStack drivers for one cluster of a plan, sharing one authenticated session.</summary>
public sealed class OpenStackDriverSet(OpenStackSession session, IReadOnlyList<IStepDriver> drivers) : IDisposable
{
    public OpenStackSession Session => session;

    public IReadOnlyList<IStepDriver> Drivers => drivers;

    public void Dispose() => session.Dispose();
}

/// <summary>Builds the Octavia drivers the apply runner needs for a plan's cluster.</summary>
public static class OpenStackDrivers
{
    /// <summary>
    /// Which clouds.yaml entry a cluster uses: the <c>--os-cloud</c> option when given, else the cluster file's
    /// <c>openstack.cloud</c>, else null (then <c>$OS_CLOUD</c> or the <c>OS_*</c> variables apply).
    /// </summary>
    public static string? CloudName(ClusterInventory cluster, string? osCloudOption) =>
        string.IsNullOrEmpty(osCloudOption) ? cluster.OpenStackCloud : osCloudOption;

    /// <summary>
    /// The failover and canary drivers for <paramref name="cluster"/> of <paramref name="plan"/>. The failover
    /// driver's resume check compares amphora ids with the cluster's inventory; the canary reads each operation's
    /// settings from the plan. <paramref name="time"/> is the clock of the session, the reads' retries and every
    /// driver wait (default: the system's).
    /// </summary>
    public static OpenStackDriverSet Create(CloudConfig cloud, ResolvedPlan plan, string cluster, OctaviaDriverOptions? options = null,
        HttpMessageHandler? handler = null, Action<string>? log = null, TimeProvider? time = null)
    {
        var session = new OpenStackSession(cloud, handler, time, log);
        var client = new OctaviaClient(session, options?.Reads);
        var inventory = plan.Clusters.FirstOrDefault(c => c.Name == cluster);
        var amphorae = inventory?.LoadBalancers.ToDictionary(lb => lb.Id, lb => (IReadOnlyCollection<string>)lb.Amphorae.Select(a => a.Id).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal)
            ?? [];
        IStepDriver[] drivers =
        [
            new OctaviaFailoverDriver(client, options, id => amphorae.GetValueOrDefault(id)),
            new OctaviaCanaryDriver(client, index => CanarySpec.From(plan.OperationAt(index)
                ?? throw new ArgumentException($"the plan has no operation {index}", nameof(index))), options),
        ];
        return new OpenStackDriverSet(session, drivers);
    }
}
