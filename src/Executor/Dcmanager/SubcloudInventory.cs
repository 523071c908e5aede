using static Planner.Documents.YamlScalars;

namespace Executor.Dcmanager;

/// <summary>A system controller's subcloud groups and subclouds, as <c>mplan inventory</c> reads them.</summary>
public sealed record SubcloudSnapshot(IReadOnlyList<(int Id, string Name, string ApplyType, int MaxParallel)> Groups, IReadOnlyList<DcSubcloud> Subclouds);

/// <summary>Reads a system controller's subclouds (with their kube-rootca sync status) and groups, and writes them as a cluster file.</summary>
public static class SubcloudInventory
{
    public static async Task<SubcloudSnapshot> ReadAsync(DcmanagerClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var groups = await client.ListGroupsAsync(cancellationToken);
        var subclouds = await client.ListSubcloudsAsync(cancellationToken);
        return new SubcloudSnapshot([.. groups.OrderBy(g => g.Id)], [.. subclouds.OrderBy(s => s.Id)]);
    }

    /// <summary>The cluster file (schemas/cluster.v1.schema.json) for <paramref name="snapshot"/>, deterministic: groups and subclouds by id.</summary>
    public static void WriteYaml(TextWriter output, SubcloudSnapshot snapshot, string clusterName, string? cloudName, string? region, string generatedBy)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(snapshot);
        OpenStack.OctaviaInventory.WriteHeader(output, "The live StarlingX system controller (dcmanager's subclouds and groups) as a cluster file (schemas/cluster.v1.schema.json).", clusterName, cloudName, region, generatedBy);
        var groupNames = snapshot.Groups.ToDictionary(g => g.Id, g => g.Name);
        output.WriteLine(snapshot.Groups.Count == 0 ? "subcloudGroups: []" : "subcloudGroups:");
        foreach (var group in snapshot.Groups)
        {
            output.WriteLine($"  - {{name: {Quote(group.Name)}, applyType: {Quote(group.ApplyType)}, maxParallelSubclouds: {group.MaxParallel}}}");
        }

        output.WriteLine(snapshot.Subclouds.Count == 0 ? "subclouds: []" : "subclouds:");
        foreach (var s in snapshot.Subclouds)
        {
            var group = s.GroupId is { } id && groupNames.TryGetValue(id, out var name) ? name : "Default";

            // Anything the cluster schema does not know counts as unknown.
            var sync = s.KubeRootcaSync is "in-sync" or "out-of-sync" or "not-available" ? s.KubeRootcaSync : "unknown";
            output.WriteLine($"  - {{name: {Quote(s.Name)}, group: {Quote(group)}, availability: {Quote(s.Availability)}, management: {Quote(s.Management)}, kubeRootcaSync: {sync}}}");
        }
    }
}
