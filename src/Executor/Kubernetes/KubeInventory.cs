using System.Globalization;
using System.Text.Json;
using k8s;
using static Planner.Documents.YamlScalars;

namespace Executor.Kubernetes;

/// <summary>
/// What <c>mplan inventory --kubeconfig ... --context ...</c> reads from a MOSK cluster: the OpenStackDeployment and
/// its status (state, health, rotation_id, release, the failover Job's LB_FAILOVER_MAX_WORKERS), and the nodes with
/// their OpenStack roles, availability zone and workload-policy annotations; with <see cref="Servers"/> from Nova, each
/// node's instances (a Nova server's compute host is the node's name in MOSK) and their maintenance tags.
/// </summary>
public sealed record KubeSnapshot(string Context, JsonElement? Deployment, OsdplStatus? Status, IReadOnlyList<k8s.Models.V1Node> Nodes)
{
    // Nova's server statuses (the cluster schema's instance.status); anything else is written as UNKNOWN.
    private static readonly HashSet<string> ServerStatuses = new(StringComparer.Ordinal)
    {
        "ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED", "REBOOT", "REBUILD", "RESCUE", "RESIZE",
        "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF", "SOFT_DELETED", "SUSPENDED", "UNKNOWN", "VERIFY_RESIZE",
    };

    /// <summary>Every Nova server (all projects), or null when Nova was not read: nodes then carry no instances.</summary>
    public IReadOnlyList<Executor.OpenStack.NovaServer>? Servers { get; init; }

    /// <summary>What the servers say beyond the nodes' instances: those on hosts that are no Kubernetes node, ambiguous tags.</summary>
    public string ServersSummary()
    {
        if (Servers is null)
        {
            return "";
        }

        var nodes = Nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var elsewhere = Servers.Where(s => s.Host is null || !nodes.Contains(s.Host)).ToList();
        var ambiguous = Servers.Count(s => s.AmbiguousMaintenanceAction);
        return $"{Servers.Count - elsewhere.Count} instance(s) from Nova on {Servers.Where(s => s.Host is not null && nodes.Contains(s.Host)).Select(s => s.Host).Distinct().Count()} node(s)" +
            (elsewhere.Count == 0 ? "" : $"; {elsewhere.Count} on hosts that are no Kubernetes node ({string.Join(", ", elsewhere.Select(s => s.Host ?? "no host").Distinct().Order(StringComparer.Ordinal))}), left out") +
            (ambiguous == 0 ? "" : $"; {ambiguous} with several maintenance_action tags (Rockoon ignores them: the node's policy applies)");
    }

    private static readonly (string Label, string Role)[] RoleLabels =
    [
        ("openstack-control-plane", "control-plane"),
        ("openstack-compute-node", "compute"),
        ("openstack-gateway", "gateway"),
    ];

    /// <summary>Reads the MOSK objects.</summary>
    /// <param name="client">The MOSK cluster.</param>
    /// <param name="context">The context's name, for the cluster file.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<KubeSnapshot> ReadAsync(KubeClient client, string context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deployments = await KubeApiException.Wrap("openstackdeployments (all namespaces)",
            () => client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(Osdpl.Group, Osdpl.Version, "openstackdeployments", cancellationToken: cancellationToken));
        var deployment = deployments.At("items") is { ValueKind: JsonValueKind.Array } items && items.GetArrayLength() > 0 ? items[0] : (JsonElement?)null;
        OsdplStatus? status = null;
        if (deployment is { } d)
        {
            status = await new Osdpl(client, d.Text("metadata", "name")!, d.Text("metadata", "namespace") ?? "openstack").GetStatusAsync(cancellationToken);
        }

        var nodes = await KubeApiException.Wrap("nodes", () => client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken));
        return new KubeSnapshot(context, deployment, status, nodes.Items.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList());
    }

    /// <summary>The cluster file's kubernetes, openstackDeployment and nodes sections.</summary>
    /// <param name="output">Where to write (after the header).</param>
    public void WriteSections(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("kubernetes:");
        output.WriteLine($"  context: {Quote(Context)}");
        if (Deployment is { } deployment && Status is { } status)
        {
            output.WriteLine("openstackDeployment:");
            output.WriteLine($"  name: {Quote(deployment.Text("metadata", "name") ?? "")}");
            output.WriteLine($"  namespace: {Quote(deployment.Text("metadata", "namespace") ?? "openstack")}");
            output.WriteLine($"  state: {(status.State is "APPLYING" or "APPLIED" or "DELETING" or "WAITING" or "FAILED" ? status.State : "FAILED")}");
            output.WriteLine($"  amphoraRotationId: {(deployment.Integer("status", "certificates", "octavia", "amphora", "rotation_id") ?? 0).ToString(CultureInfo.InvariantCulture)}");
            var workers = deployment.Integer("spec", "services", "load-balancer", "octavia", "values", "jobs", "lb_failover", "env", "LB_FAILOVER_MAX_WORKERS");
            if (workers is { } w)
            {
                output.WriteLine($"  failoverJob: {{maxWorkers: {w.ToString(CultureInfo.InvariantCulture)}}}");
            }

            if (status.Health.Count > 0)
            {
                output.WriteLine("  health:");
                foreach (var application in status.Health.GroupBy(h => h.Key[..h.Key.IndexOf('/', StringComparison.Ordinal)]))
                {
                    var components = application.Select(c => $"{Quote(c.Key[(application.Key.Length + 1)..])}: {(c.Value == "Ready" ? "Ready" : "Unhealthy")}");
                    output.WriteLine($"    {Quote(application.Key)}: {{{string.Join(", ", components)}}}");
                }
            }
        }

        if (Nodes.Count == 0)
        {
            output.WriteLine("nodes: []");
            return;
        }

        output.WriteLine("nodes:");
        foreach (var node in Nodes)
        {
            var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
            string[] roles = [.. RoleLabels.Where(r => labels.TryGetValue(r.Label, out var v) && v == "enabled").Select(r => r.Role)];
            output.WriteLine($"  - name: {Quote(node.Metadata.Name)}");
            output.WriteLine($"    roles: [{string.Join(", ", roles.Length > 0 ? roles : ["worker"])}]");
            if (labels.TryGetValue("topology.kubernetes.io/zone", out var zone))
            {
                output.WriteLine($"    availabilityZone: {Quote(zone)}");
            }

            WriteInstances(output, node.Metadata.Name, roles.Contains("compute"));
            var policy = (node.Metadata.Annotations ?? new Dictionary<string, string>())
                .Where(a => a.Key.StartsWith("openstack.lcm.mirantis.com/", StringComparison.Ordinal))
                .OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => $"{Quote(a.Key)}: {Quote(a.Value)}")
                .ToList();
            if (policy.Count > 0)
            {
                output.WriteLine($"    annotations: {{{string.Join(", ", policy)}}}");
            }
        }
    }

    // A node's servers, as a list (each with its maintenance tag, if any), or 0 for a compute node that hosts none.
    private void WriteInstances(TextWriter output, string node, bool compute)
    {
        if (Servers is null)
        {
            return;
        }

        var here = Servers.Where(s => s.Host == node).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        if (here.Count == 0)
        {
            if (compute)
            {
                output.WriteLine("    instances: 0");
            }

            return;
        }

        output.WriteLine("    instances:");
        foreach (var server in here)
        {
            var action = server.MaintenanceAction is "live_migrate" or "notify" or "poweroff" ? $", maintenanceAction: {server.MaintenanceAction}" : "";
            var status = ServerStatuses.Contains(server.Status) ? server.Status : "UNKNOWN";
            output.WriteLine($"      - {{id: {Quote(server.Id)}, name: {Quote(server.Name)}, status: {status}{action}}}");
        }
    }
}
