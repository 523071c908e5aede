using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Executor.Kubernetes;

/// <summary>
/// The objects a MOSK cluster update moves through. On the management cluster: the <c>Cluster</c>
/// (<c>cluster.k8s.io/v1alpha1</c>, its ClusterRelease at <c>spec.providerSpec.value.release</c>), its
/// <c>lcmclusterstates</c> and one <c>lcmmachine</c> per node (<c>status.state</c>, <c>status.release</c>,
/// <c>status.hostname</c>). On the MOSK cluster: nodes (their workload-policy annotations), and Rockoon's
/// NodeMaintenanceRequests and NodeWorkloadLocks (found by <c>spec.nodeName</c>, not by name: CONTRACTS §2.7).
/// </summary>
public sealed class Lcm(KubeClients clients, string ns, string cluster)
{
    public const string ModeAnnotation = "openstack.lcm.mirantis.com/instance_migration_mode";
    public const string AttemptsAnnotation = "openstack.lcm.mirantis.com/instance_migration_attempts";
    private const string Lcms = "lcm.mirantis.com";
    private const string V1Alpha1 = "v1alpha1";

    public string Cluster => cluster;

    /// <summary>The cluster's lcmclusterstates, watched.</summary>
    public WatchedList ClusterStates => WatchedList.Custom(clients.Management, "management", Lcms, V1Alpha1, "lcmclusterstates", ns, labelSelector: ClusterLabel);

    /// <summary>The cluster's lcmmachines, watched.</summary>
    public WatchedList Machines => WatchedList.Custom(clients.Management, "management", Lcms, V1Alpha1, "lcmmachines", ns, labelSelector: ClusterLabel);

    /// <summary>Rockoon's NodeWorkloadLocks, watched.</summary>
    public WatchedList Locks => WatchedList.Custom(clients.Mosk, "mosk", Lcms, V1Alpha1, "nodeworkloadlocks", null);

    /// <summary>The NodeMaintenanceRequests, watched.</summary>
    public WatchedList MaintenanceRequests => WatchedList.Custom(clients.Mosk, "mosk", Lcms, V1Alpha1, "nodemaintenancerequests", null);

    private string ClusterLabel => $"cluster.sigs.k8s.io/cluster-name={cluster}";

    /// <summary>The ClusterRelease the Cluster object asks for now.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string?> ClusterReleaseAsync(CancellationToken cancellationToken)
    {
        var item = await KubeApiException.Wrap($"clusters/{cluster} (namespace {ns}, management cluster)",
            () => clients.Management.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>("cluster.k8s.io", V1Alpha1, ns, "clusters", cluster, cancellationToken));
        return item.Text("spec", "providerSpec", "value", "release");
    }

    /// <summary>Starts the update: the merge patch of the Cluster's release, as the console's "Update cluster" does.</summary>
    /// <param name="release">The ClusterRelease to update to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task PatchClusterReleaseAsync(string release, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["spec"] = new JsonObject { ["providerSpec"] = new JsonObject { ["value"] = new JsonObject { ["release"] = release } } } }.ToJsonString();
        return KubeApiException.Wrap($"clusters/{cluster} (namespace {ns}, management cluster)",
            () => clients.Management.CustomObjects.PatchNamespacedCustomObjectAsync<JsonElement>(new V1Patch(body, V1Patch.PatchType.MergePatch),
                "cluster.k8s.io", V1Alpha1, ns, "clusters", cluster, cancellationToken: cancellationToken));
    }

    /// <summary>The value the cluster's release state asks for and the one it reached (null when there is no such object).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<(string? Wanted, string? Reached)> ReleaseStateAsync(CancellationToken cancellationToken)
    {
        var list = await KubeApiException.Wrap($"lcmclusterstates (namespace {ns}, management cluster)",
            () => clients.Management.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(Lcms, V1Alpha1, ns, "lcmclusterstates",
                labelSelector: ClusterLabel, cancellationToken: cancellationToken));
        var release = Items(list).FirstOrDefault(s => s.Text("spec", "type") == "release");
        return release.ValueKind == JsonValueKind.Undefined ? (null, null) : (release.Text("spec", "value"), release.Text("status", "value"));
    }

    /// <summary>Every machine of the cluster: node name → (state, release).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyDictionary<string, (string State, string? Release)>> MachinesAsync(CancellationToken cancellationToken)
    {
        var list = await KubeApiException.Wrap($"lcmmachines (namespace {ns}, management cluster)",
            () => clients.Management.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(Lcms, V1Alpha1, ns, "lcmmachines",
                labelSelector: ClusterLabel, cancellationToken: cancellationToken));
        return Items(list).ToDictionary(m => m.Text("status", "hostname") ?? m.Text("metadata", "name") ?? "",
            m => (m.Text("status", "state") ?? "Uninitialized", m.Text("status", "release")), StringComparer.Ordinal);
    }

    /// <summary>The node's workload lock held by Rockoon (controllerName openstack): its state and message; null when none.</summary>
    /// <param name="node">The node's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<(string State, string? Message)?> LockAsync(string node, CancellationToken cancellationToken)
    {
        var list = await KubeApiException.Wrap("nodeworkloadlocks",
            () => clients.Mosk.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Lcms, V1Alpha1, "nodeworkloadlocks", cancellationToken: cancellationToken));
        var found = Items(list).FirstOrDefault(l => l.Text("spec", "nodeName") == node && l.Text("spec", "controllerName") == "openstack");
        return found.ValueKind == JsonValueKind.Undefined ? null : (found.Text("status", "state") ?? "active", found.Text("status", "errorMessage"));
    }

    /// <summary>Whether the LCM asked for the node's maintenance (a NodeMaintenanceRequest for it exists).</summary>
    /// <param name="node">The node's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<bool> MaintenanceRequestedAsync(string node, CancellationToken cancellationToken)
    {
        var list = await KubeApiException.Wrap("nodemaintenancerequests",
            () => clients.Mosk.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Lcms, V1Alpha1, "nodemaintenancerequests", cancellationToken: cancellationToken));
        return Items(list).Any(r => r.Text("spec", "nodeName") == node);
    }

    /// <summary>The node's annotations now.</summary>
    /// <param name="node">The node's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IDictionary<string, string>> AnnotationsAsync(string node, CancellationToken cancellationToken)
    {
        var live = await KubeApiException.Wrap($"nodes/{node}", () => clients.Mosk.CoreV1.ReadNodeAsync(node, cancellationToken: cancellationToken));
        return live.Metadata.Annotations ?? new Dictionary<string, string>();
    }

    /// <summary>Sets (or, for null values, removes) node annotations with a merge patch.</summary>
    /// <param name="node">The node's name.</param>
    /// <param name="annotations">The annotations to set; null removes one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task AnnotateAsync(string node, IReadOnlyDictionary<string, string?> annotations, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))) } }.ToJsonString();
        return KubeApiException.Wrap($"nodes/{node}",
            () => clients.Mosk.CoreV1.PatchNodeAsync(new V1Patch(body, V1Patch.PatchType.MergePatch), node, cancellationToken: cancellationToken));
    }

    private static IEnumerable<JsonElement> Items(JsonElement list) =>
        list.At("items") is { ValueKind: JsonValueKind.Array } items ? items.EnumerateArray() : [];
}
