using Planner.Model;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>Selects nodes by name, role and availability zone, recording why the others are skipped.</summary>
internal static class NodeSelection
{
    public static List<ClusterNode> Select(OperationContext context)
    {
        var select = context.Spec.Select;
        var roles = StringValues(select, "roles");
        var names = StringValues(select, "nodes").ToHashSet(StringComparer.Ordinal);
        var zones = StringValues(select, "availabilityZones");
        var known = new Lazy<HashSet<string>>(() => context.Cluster.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal));
        context.CheckKnown(Strings(select, "nodes"), () => known.Value, "node");
        context.CheckKnown(context.Spec.Exclude, () => known.Value, "node", narrowsSelection: false);
        var excluded = context.Spec.Exclude.Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        var selected = new List<ClusterNode>();
        foreach (var node in context.Cluster.Nodes)
        {
            string? reason = node switch
            {
                _ when excluded.Contains(node.Name) => "excluded by the plan",
                _ when names.Count > 0 && !names.Contains(node.Name) => "not in select.nodes",
                _ when !roles.IsEmpty && !node.Roles.Any(roles.Contains) => "role not selected",
                _ when !zones.IsEmpty && !zones.Contains(node.AvailabilityZone) => $"availability zone {node.AvailabilityZone} not selected",
                _ => null,
            };
            if (reason is null)
            {
                selected.Add(node);
            }
            else
            {
                context.Skipped.Add(new SkippedTarget(node.Name, node.Name, reason));
            }
        }

        return selected;
    }
}
