using Planner.Model;

namespace Executor.OpenStack;

/// <summary>Which cloud a cluster's OpenStack operations use.</summary>
public static class OpenStackDrivers
{
    /// <summary>
    /// Which clouds.yaml entry a cluster uses: the <c>--os-cloud</c> option when given, else the cluster file's
    /// <c>openstack.cloud</c>, else null (then <c>$OS_CLOUD</c> or the <c>OS_*</c> variables apply).
    /// </summary>
    public static string? CloudName(ClusterInventory cluster, string? osCloudOption) =>
        string.IsNullOrEmpty(osCloudOption) ? cluster.OpenStackCloud : osCloudOption;
}
