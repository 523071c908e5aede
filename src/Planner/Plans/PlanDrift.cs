using Planner.Model;

namespace Planner.Plans;

/// <summary>
/// What differs between a reviewed plan and the same plan made again from the live inventory: targets that would be
/// added or dropped, and load balancers whose state moved (status, amphorae). Empty means apply runs what was reviewed.
/// </summary>
public static class PlanDrift
{
    public static IReadOnlyList<string> Compare(ResolvedPlan reviewed, ResolvedPlan live)
    {
        var changes = new List<string>();
        foreach (var operation in reviewed.Operations)
        {
            var now = live.OperationAt(operation.Index);
            var before = operation.Targets.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var after = now?.Targets.Select(t => t.Id).ToHashSet(StringComparer.Ordinal) ?? [];
            var id = operation.Spec.Id;
            Describe(changes, id, "would now also handle", now?.Targets.Where(t => !before.Contains(t.Id)).Select(t => t.Name));
            Describe(changes, id, "would no longer handle", operation.Targets.Where(t => !after.Contains(t.Id)).Select(t => t.Name));
            var plannedLbs = LoadBalancers(reviewed, operation.Cluster);
            var liveLbs = LoadBalancers(live, operation.Cluster);
            foreach (var target in operation.Targets.Where(t => after.Contains(t.Id)))
            {
                if (plannedLbs.TryGetValue(target.Id, out var planned) && liveLbs.TryGetValue(target.Id, out var current))
                {
                    changes.AddRange(Moved(id, planned, current));
                }
            }
        }

        return changes;
    }

    private static IEnumerable<string> Moved(string operation, LoadBalancer planned, LoadBalancer current)
    {
        if (planned.ProvisioningStatus != current.ProvisioningStatus)
        {
            yield return $"{operation}: {planned.Name} is {current.ProvisioningStatus} now, {planned.ProvisioningStatus} when planned";
        }

        if (!planned.Amphorae.Select(a => a.Id).Order(StringComparer.Ordinal).SequenceEqual(current.Amphorae.Select(a => a.Id).Order(StringComparer.Ordinal)))
        {
            yield return $"{operation}: {planned.Name} has other amphorae than when planned (failed over since?)";
        }
    }

    private static void Describe(List<string> changes, string operation, string what, IEnumerable<string>? names)
    {
        var list = names?.ToList() ?? [];
        if (list.Count > 0)
        {
            changes.Add($"{operation} {what} {list.Count}: {string.Join(", ", list.Take(5))}{(list.Count > 5 ? ", …" : "")}");
        }
    }

    private static Dictionary<string, LoadBalancer> LoadBalancers(ResolvedPlan plan, string cluster) =>
        plan.Clusters.FirstOrDefault(c => c.Name == cluster)?.LoadBalancers.ToDictionary(lb => lb.Id, StringComparer.Ordinal) ?? [];
}
