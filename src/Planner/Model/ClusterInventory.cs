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
    /// <summary>The clouds.yaml entry for this cluster's OpenStack APIs (the cluster file's <c>openstack.cloud</c>), if named.</summary>
    public string? OpenStackCloud { get; init; }
}

/// <summary>The OpenStackDeploymentStatus summary: state and per application/component health.</summary>
public sealed record OpenStackDeployment(
    string Name,
    string Namespace,
    string State,
    ImmutableSortedDictionary<string, string> Health,
    int AmphoraRotationId);

/// <summary>An Octavia load balancer with its amphorae.</summary>
public sealed record LoadBalancer(
    string Id,
    string Name,
    string Project,
    string Provider,
    string ProvisioningStatus,
    string OperatingStatus,
    ImmutableArray<Amphora> Amphorae);

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
    DateTimeOffset? RootCaExpiry);
