namespace Simulator.Fakes.Kubernetes;

/// <summary>One kind the fake API server serves: where it lives in the URL space and how its writes behave.</summary>
/// <param name="Group">The API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Version">The API version, e.g. <c>v1</c>, <c>v1alpha1</c>.</param>
/// <param name="Plural">The URL segment, e.g. <c>nodes</c>, <c>openstackdeploymentstatus</c>.</param>
/// <param name="Kind">The object kind, e.g. <c>Node</c>.</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
/// <param name="HasStatusSubresource">Whether <c>/status</c> exists: then main-resource writes ignore <c>status</c> and
/// <c>/status</c> writes ignore everything else.</param>
/// <param name="BuiltIn">A built-in kind (accepts strategic merge patches; list items carry no kind/apiVersion); false for
/// custom resources.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced, bool HasStatusSubresource, bool BuiltIn)
{
    /// <summary>The object's apiVersion, e.g. <c>v1</c> or <c>apps/v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>How error messages name the resource: <c>nodes</c>, <c>leases.coordination.k8s.io</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Short names kubectl accepts (from discovery).</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>The singular name (from discovery): the kind in lower case unless set.</summary>
    public string Singular => Kind.ToLowerInvariant();

    /// <summary>Whether writes to <c>status</c> bump <c>metadata.generation</c> (a custom resource without a status subresource).</summary>
    internal bool StatusCountsAsSpec => !BuiltIn && !HasStatusSubresource;
}

/// <summary>The kinds each fake server serves.</summary>
public static class ResourceTypes
{
    public const string Lcm = "lcm.mirantis.com";

    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "Namespace", false, true, true) { ShortNames = ["ns"] };
    public static readonly ResourceType Nodes = new("", "v1", "nodes", "Node", false, true, true) { ShortNames = ["no"] };
    public static readonly ResourceType Pods = new("", "v1", "pods", "Pod", true, true, true) { ShortNames = ["po"] };
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true, false, true) { ShortNames = ["cm"] };
    public static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true, false, true);
    public static readonly ResourceType DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", true, true, true) { ShortNames = ["ds"] };
    public static readonly ResourceType Jobs = new("batch", "v1", "jobs", "Job", true, true, true);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true, false, true);

    public static readonly ResourceType OpenStackDeployments = new(Lcm, "v1alpha1", "openstackdeployments", "OpenStackDeployment", true, true, false) { ShortNames = ["osdpl"] };
    public static readonly ResourceType OpenStackDeploymentStatus = new(Lcm, "v1alpha1", "openstackdeploymentstatus", "OpenStackDeploymentStatus", true, false, false) { ShortNames = ["osdplst"] };
    public static readonly ResourceType NodeMaintenanceRequests = new(Lcm, "v1alpha1", "nodemaintenancerequests", "NodeMaintenanceRequest", false, false, false);
    public static readonly ResourceType NodeWorkloadLocks = new(Lcm, "v1alpha1", "nodeworkloadlocks", "NodeWorkloadLock", false, true, false);
    public static readonly ResourceType ClusterMaintenanceRequests = new(Lcm, "v1alpha1", "clustermaintenancerequests", "ClusterMaintenanceRequest", false, false, false);
    public static readonly ResourceType ClusterWorkloadLocks = new(Lcm, "v1alpha1", "clusterworkloadlocks", "ClusterWorkloadLock", false, true, false);
    public static readonly ResourceType NodeDeletionRequests = new(Lcm, "v1alpha1", "nodedeletionrequests", "NodeDeletionRequest", false, false, false);
    public static readonly ResourceType NodeDisableNotifications = new(Lcm, "v1alpha1", "nodedisablenotifications", "NodeDisableNotification", false, false, false);

    // The management cluster. CONTRACTS does not define these; the fake serves the minimum described in README.md.
    public static readonly ResourceType Clusters = new("cluster.k8s.io", "v1alpha1", "clusters", "Cluster", true, true, false);
    public static readonly ResourceType LcmClusterStates = new(Lcm, "v1alpha1", "lcmclusterstates", "LCMClusterState", true, true, false);
    public static readonly ResourceType LcmMachines = new(Lcm, "v1alpha1", "lcmmachines", "LCMMachine", true, true, false);

    /// <summary>What the MOSK cluster's API server serves.</summary>
    public static IReadOnlyList<ResourceType> Mosk { get; } =
    [
        Namespaces, Nodes, Pods, ConfigMaps, Secrets, DaemonSets, Jobs, Leases,
        OpenStackDeployments, OpenStackDeploymentStatus, NodeMaintenanceRequests, NodeWorkloadLocks,
        ClusterMaintenanceRequests, ClusterWorkloadLocks, NodeDeletionRequests, NodeDisableNotifications,
    ];

    /// <summary>What the management cluster's API server serves.</summary>
    public static IReadOnlyList<ResourceType> Management { get; } =
        [Namespaces, Nodes, Pods, ConfigMaps, Secrets, Leases, Clusters, LcmClusterStates, LcmMachines];

    /// <summary>Both sets, for a server that plays both clusters (no separate management context).</summary>
    public static IReadOnlyList<ResourceType> Combined { get; } = [.. Mosk, Clusters, LcmClusterStates, LcmMachines];
}
