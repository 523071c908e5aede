using Planner.Diagnostics;
using Planner.Model;

namespace Planner.Operations.Kinds;

/// <summary>
/// dcmanager holds one strategy of any type at a time: two dcmanager operations on the same system controller must be
/// ordered by <c>needs</c> (directly or through others), or the second one's create is refused while the first runs.
/// </summary>
internal static class StrategyOverlap
{
    public static void Check(MaintenancePlan plan, IEnumerable<ExpandedOperation> operations, DiagnosticBag diagnostics)
    {
        var dcmanager = operations.Where(o => o.Spec.Uses.StartsWith("dcmanager.", StringComparison.Ordinal)).OrderBy(o => o.Index).ToList();
        if (dcmanager.Count < 2)
        {
            return;
        }

        // Duplicate ids are reported elsewhere (MP201); the first of each is enough here.
        var byId = plan.Operations.GroupBy(o => o.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (later, i) in dcmanager.Select((o, i) => (o, i)))
        {
            foreach (var earlier in dcmanager.Take(i).Where(e => e.Cluster == later.Cluster && e.Spec.Id != later.Spec.Id))
            {
                if (!Needs(byId, later.Spec.Id, earlier.Spec.Id) && !Needs(byId, earlier.Spec.Id, later.Spec.Id))
                {
                    diagnostics.Error(DiagnosticCodes.OneStrategyAtATime, later.Spec.IdSource,
                        $"operations {earlier.Spec.Id} and {later.Spec.Id} both create dcmanager strategies on system controller {later.Cluster}, and nothing orders them: " +
                        "they would start together, and dcmanager allows one strategy at a time",
                        $"add needs: [{earlier.Spec.Id}] to {later.Spec.Id} (or the other way round)");
                }
            }
        }
    }

    // Whether from needs to (transitively) by its needs.
    private static bool Needs(Dictionary<string, OperationSpec> byId, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<string>([from]);
        while (work.TryPop(out var id))
        {
            if (!seen.Add(id) || !byId.TryGetValue(id, out var spec))
            {
                continue;
            }

            foreach (var need in spec.Needs)
            {
                if (need.Value == to)
                {
                    return true;
                }

                work.Push(need.Value);
            }
        }

        return false;
    }
}
