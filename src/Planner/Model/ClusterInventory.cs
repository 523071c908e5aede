using System.Collections.Immutable;

namespace Planner.Model;

/// <summary>A cluster inventory: what the plan acts on. Loaded from a cluster file (or, later, live endpoints).</summary>
public sealed record ClusterInventory(
    string Name,
    string SourceFile,
    OpenStackDeployment? Deployment,
    ImmutableArray<LoadBalancer> LoadBalancers,
    ImmutableArray<ClusterNode> Nodes,
    ImmutableArray<SubcloudGroup> SubcloudGroups,
    ImmutableArray<Subcloud> Subclouds)
{
    /// <summary>Other certificates the inventory tracks (the cluster file's <c>certificates</c> section).</summary>
    public ImmutableArray<Certificates.CertificateRecord> Certificates { get; init; } = [];

    /// <summary>
    /// The cluster file's <c>behaviour</c> section as read (schema-checked, with positions), for the simulator to
    /// bind; the planner does not interpret it. Null when the file has none.
    /// </summary>
    public Documents.YMapping? Behaviour { get; init; }

    /// <summary>
    /// The behaviour file the cluster file names instead of a section (<c>behaviour: FILE</c>), relative to it resolved,
    /// and where it names it (for a diagnostic when it cannot be read).
    /// </summary>
    public Located<string>? BehaviourFile { get; init; }

    /// <summary>The clouds.yaml entry for this cluster's OpenStack APIs (the cluster file's <c>openstack.cloud</c>), if named.</summary>
    public string? OpenStackCloud { get; init; }

    /// <summary>How apply reaches this cluster's Kubernetes APIs (the cluster file's <c>kubernetes</c> section).</summary>
    public KubernetesSettings Kubernetes { get; init; } = KubernetesSettings.None;

    /// <summary>Where each object is first listed, by id or name, when the binder kept it (its duplicate check makes it); null otherwise.</summary>
    internal InventoryPositions? Positions { get; init; }
}

/// <summary>The position of each load balancer (by id), node and subcloud (by name) in the inventory's lists; the first of repeats.</summary>
internal sealed record InventoryPositions(
    IReadOnlyDictionary<string, int> LoadBalancersById,
    IReadOnlyDictionary<string, int> NodesByName,
    IReadOnlyDictionary<string, int> SubcloudsByName);

/// <summary>The cluster file's <c>kubernetes</c> section: contexts, the management cluster's Cluster object, DaemonSets.</summary>
/// <param name="Context">The MOSK cluster's kubeconfig context; null for the current context.</param>
/// <param name="ManagementContext">The management cluster's context; null for the MOSK cluster's.</param>
/// <param name="ManagementNamespace">The namespace of the Cluster object and its machines on the management cluster.</param>
/// <param name="ClusterObject">The Cluster object's name on the management cluster; null for the cluster file's name.</param>
/// <param name="ClusterRelease">The ClusterRelease the cluster runs now, if known.</param>
/// <param name="DaemonSets">DaemonSets whose pods may be restarted one by one.</param>
public sealed record KubernetesSettings(
    string? Context,
    string? ManagementContext,
    string ManagementNamespace,
    string? ClusterObject,
    string? ClusterRelease,
    ImmutableArray<DaemonSetSpec> DaemonSets)
{
    public static KubernetesSettings None { get; } = new(null, null, "default", null, null, []);
}

/// <summary>A DaemonSet of the inventory: where it runs (node roles; empty = every node) and how its pods are updated.</summary>
public sealed record DaemonSetSpec(string Namespace, string Name, ImmutableArray<string> Roles, string UpdateStrategy);

/// <summary>The OpenStackDeploymentStatus summary: state and per application/component health.</summary>
public sealed record OpenStackDeployment(
    string Name,
    string Namespace,
    string State,
    ImmutableSortedDictionary<string, string> Health,
    int AmphoraRotationId)
{
    /// <summary>Rockoon's default LB_FAILOVER_MAX_WORKERS.</summary>
    public const int DefaultFailoverWorkers = 5;

    /// <summary>Rockoon's default LB_FAILOVER_MAX_FAILED_ALLOWED.</summary>
    public const int DefaultFailoverMaxFailedAllowed = 3;

    /// <summary>status.osdpl.release, e.g. <c>MOSK 25.1</c>, when known.</summary>
    public string? Release { get; init; }

    /// <summary>The failover Job's LB_FAILOVER_MAX_WORKERS; null when the inventory does not say (Rockoon's default applies).</summary>
    public int? FailoverWorkers { get; init; }

    /// <summary>The failover Job's LB_FAILOVER_MAX_FAILED_ALLOWED; null when the inventory does not say.</summary>
    public int? FailoverMaxFailedAllowed { get; init; }
}

/// <summary>An Octavia load balancer with its amphorae.</summary>
public sealed record LoadBalancer(
    string Id,
    string Name,
    string Project,
    string Provider,
    string ProvisioningStatus,
    string OperatingStatus,
    ImmutableArray<Amphora> Amphorae)
{
    /// <summary>The inventory's free labels (budgets group by them: <c>per: label:KEY</c>).</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

/// <summary>An amphora; <see cref="CertExpiration"/> is Octavia's cert_expiration.</summary>
public sealed record Amphora(string Id, string Role, string Status, DateTimeOffset? CertExpiration)
{
    /// <summary>The management address (Octavia's lb_network_ip), when the inventory knows it.</summary>
    public string? LbNetworkIp { get; init; }
}

/// <summary>A Kubernetes node with its OpenStack roles, instances and maintenance annotations.</summary>
public sealed record ClusterNode(
    string Name,
    ImmutableArray<string> Roles,
    string AvailabilityZone,
    int InstanceCount,
    ImmutableArray<Instance> Instances,
    ImmutableSortedDictionary<string, string> Annotations)
{
    public bool IsControlPlane => Roles.Contains("control-plane");

    /// <summary>The inventory's free labels (budgets group by them: <c>per: label:KEY</c>).</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

/// <summary>A Nova instance on a node; <see cref="MaintenanceAction"/> is the per-server tag, if any.</summary>
public sealed record Instance(string Id, string Name, string Status, string? MaintenanceAction);

/// <summary>A dcmanager subcloud group with its orchestration defaults.</summary>
public sealed record SubcloudGroup(string Name, string ApplyType, int MaxParallelSubclouds);

/// <summary>A StarlingX subcloud as dcmanager lists it.</summary>
public sealed record Subcloud(
    string Name,
    string Group,
    string Availability,
    string Management,
    string KubeRootcaSync,
    DateTimeOffset? RootCaExpiry)
{
    /// <summary>The inventory's free labels (budgets group by them: <c>per: label:KEY</c>).</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}
