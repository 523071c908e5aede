using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Planner.Diagnostics;
using Planner.Documents;
using static Planner.Documents.NodeReader;

namespace Planner.Model;

/// <summary>Builds a <see cref="ClusterInventory"/> from a document that has passed the cluster schema.</summary>
internal static class ClusterBinder
{
    /// <summary>The readers of a JSON cluster file's lists that bind their items as they are read (see <see cref="IItemReader"/>).</summary>
    public static IItemReader? ItemReaderFor(string list) => list == "loadBalancers" ? LoadBalancerItemReader.Instance : null;

    public static ClusterInventory Bind(string name, string file, YMapping root, DiagnosticBag diagnostics)
    {
        var loadBalancers = BindAll(root, "loadBalancers", BindLoadBalancer);
        var nodes = BindAll(root, "nodes", BindNode);
        var subclouds = BindAll(root, "subclouds", BindSubcloud);
        var groups = Items(root, "subcloudGroups")
            .Select(g => new SubcloudGroup(String(g, "name")!, String(g, "applyType") ?? "parallel", Int(g, "maxParallelSubclouds") ?? 2))
            .ToImmutableArray();
        var loadBalancersById = ReportDuplicates(root, "loadBalancers", loadBalancers, lb => lb.Id, "id", "load balancer", diagnostics);
        var nodesByName = ReportDuplicates(root, "nodes", nodes, node => node.Name, "name", "node", diagnostics);
        var subcloudsByName = ReportDuplicates(root, "subclouds", subclouds, subcloud => subcloud.Name, "name", "subcloud", diagnostics);
        var certificates = Items(root, "certificates")
            .Select(c => new Certificates.CertificateRecord(String(c, "name")!, file, String(c, "subject") ?? String(c, "name")!, Time(c, "notAfter")!.Value))
            .ToImmutableArray();
        return new ClusterInventory(name, file, BindDeployment(Map(root, "openstackDeployment")), loadBalancers, nodes, groups, subclouds)
        {
            Certificates = certificates,
            Behaviour = Map(root, "behaviour"),
            BehaviourFile = LocatedString(root, "behaviour") is { } behaviourFile
                ? behaviourFile with { Value = Path.Combine(Path.GetDirectoryName(file) ?? "", behaviourFile.Value) }
                : null,
            OpenStackCloud = String(Map(root, "openstack"), "cloud"),
            Kubernetes = BindKubernetes(Map(root, "kubernetes")),
            Positions = new InventoryPositions(loadBalancersById, nodesByName, subcloudsByName),
        };
    }

    private static KubernetesSettings BindKubernetes(YMapping? kubernetes)
    {
        if (kubernetes is null)
        {
            return KubernetesSettings.None;
        }

        var management = Map(kubernetes, "management");
        var daemonSets = Items(kubernetes, "daemonSets")
            .Select(d => new DaemonSetSpec(String(d, "namespace")!, String(d, "name")!, StringValues(d, "roles"), String(d, "updateStrategy") ?? "OnDelete"))
            .ToImmutableArray();
        return new KubernetesSettings(String(kubernetes, "context"), String(management, "context"), String(management, "namespace") ?? "default",
            String(management, "cluster"), String(management, "release"), daemonSets);
    }

    private static IEnumerable<YMapping> Items(YMapping? map, string key) =>
        map?[key] is YSequence sequence ? sequence.Items.Cast<YMapping>() : [];

    // A loop into an array of the right size: these lists hold up to hundreds of thousands of objects.
    private static ImmutableArray<T> BindAll<T>(YMapping? map, string key, Func<YMapping, T> bind)
    {
        if (map?[key] is not YSequence sequence)
        {
            return [];
        }

        var items = sequence.Items;
        var bound = new T[items.Count];
        for (var i = 0; i < bound.Length; i++)
        {
            bound[i] = items[i] is YBound { Item.Value: T read } ? read : bind((YMapping)items[i]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(bound); // Handed over, not copied: nothing else holds the array.
    }

    private static OpenStackDeployment? BindDeployment(YMapping? osdpl)
    {
        if (osdpl is null)
        {
            return null;
        }

        var health = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (application, components) in Map(osdpl, "health")?.Entries ?? [])
        {
            foreach (var (component, status) in ((YMapping)components).Entries)
            {
                health[$"{application.Value}/{component.Value}"] = ((YScalar)status).Value;
            }
        }

        var job = Map(osdpl, "failoverJob");
        return new OpenStackDeployment(String(osdpl, "name")!, String(osdpl, "namespace") ?? "openstack", String(osdpl, "state")!,
            health.ToImmutable(), Int(osdpl, "amphoraRotationId") ?? 0)
        {
            Release = String(osdpl, "release"),
            FailoverWorkers = Int(job, "maxWorkers"),
            FailoverMaxFailedAllowed = Int(job, "maxFailedAllowed"),
        };
    }

    private static LoadBalancer BindLoadBalancer(YMapping lb)
    {
        var amphorae = BindAll(lb, "amphorae",
            a => AmphoraOf(String(a, "id")!, String(a, "role"), String(a, "status"), Time(a, "certExpiration"), String(a, "lbNetworkIp")));
        return LoadBalancerOf(String(lb, "id")!, String(lb, "name"), String(lb, "project"), String(lb, "provider")!,
            String(lb, "provisioningStatus")!, String(lb, "operatingStatus"), amphorae, Labels(lb));
    }

    // A load balancer and an amphora as the cluster file gives them, with its defaults for what it leaves out: one rule
    // for both ways of binding them (from nodes here, straight from the JSON in LoadBalancerItemReader).
    internal static LoadBalancer LoadBalancerOf(string id, string? name, string? project, string provider, string provisioningStatus,
        string? operatingStatus, ImmutableArray<Amphora> amphorae, ImmutableSortedDictionary<string, string> labels) =>
        new(id, name ?? id, project ?? "", provider, provisioningStatus, operatingStatus ?? "ONLINE", amphorae) { Labels = labels };

    internal static Amphora AmphoraOf(string id, string? role, string? status, DateTimeOffset? certExpiration, string? lbNetworkIp) =>
        new(id, role ?? "STANDALONE", status ?? "ALLOCATED", certExpiration) { LbNetworkIp = lbNetworkIp };

    private static ClusterNode BindNode(YMapping node)
    {
        var instancesNode = node["instances"];
        var instances = instancesNode is YSequence
            ? Items(node, "instances").Select(i => new Instance(String(i, "id")!, String(i, "name") ?? String(i, "id")!, String(i, "status") ?? "ACTIVE", String(i, "maintenanceAction"))).ToImmutableArray()
            : [];
        var count = instancesNode is YScalar scalar ? (int)scalar.AsInteger() : instances.Length;
        var annotations = (Map(node, "annotations")?.Entries ?? [])
            .ToImmutableSortedDictionary(e => e.Key.Value, e => ((YScalar)e.Value).Value, StringComparer.Ordinal);
        return new ClusterNode(String(node, "name")!, StringValues(node, "roles"), String(node, "availabilityZone") ?? "nova", count, instances, annotations)
        {
            Labels = Labels(node),
        };
    }

    private static Subcloud BindSubcloud(YMapping subcloud) =>
        new(String(subcloud, "name")!, String(subcloud, "group") ?? "Default", String(subcloud, "availability") ?? "online",
            String(subcloud, "management") ?? "managed", String(subcloud, "kubeRootcaSync") ?? "in-sync", Time(subcloud, "rootCaExpiry"))
        {
            Labels = Labels(subcloud),
        };

    // Most objects have none: the shared empty dictionary costs nothing per object.
    private static ImmutableSortedDictionary<string, string> Labels(YMapping item) =>
        Map(item, "labels") is { } labels
            ? labels.Entries.ToImmutableSortedDictionary(e => e.Key.Value, e => ((YScalar)e.Value).Value, StringComparer.Ordinal)
            : ImmutableSortedDictionary<string, string>.Empty;

    // Reads the values from the bound objects, not the tree (a second walk over 100,000 mappings of the tree cost as much
    // as the rest of the binding); the tree gives the positions of a duplicate and of its first.
    // Returns where each id (or name) is first listed: the check needs it anyway, and budgets look targets up by it.
    private static Dictionary<string, int> ReportDuplicates<T>(YMapping root, string list, ImmutableArray<T> bound, Func<T, string> valueOf, string key, string what,
        DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<string, int>(bound.Length, StringComparer.Ordinal);
        for (var i = 0; i < bound.Length; i++)
        {
            var value = valueOf(bound[i]);
            if (!seen.TryAdd(value, i))
            {
                var items = ((YSequence)root[list]!).Items;
                diagnostics.Error(DiagnosticCodes.DuplicateObject, ValueAt(items[i], key), $"{what} {DiagnosticText.Quote(value)} is listed more than once",
                    $"each {what} {key} must be unique in a cluster file; the first is at {ValueAt(items[seen[value]], key)}");
            }
        }

        return seen;
    }

    private static SourceLocation ValueAt(YNode item, string key) => item is YBound bound ? bound.Item.KeyValueAt : ((YMapping)item)[key]!.Location;
}
