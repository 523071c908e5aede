using System.Collections.Immutable;
using System.Globalization;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Model;
using Planner.Scheduling;

namespace Planner.Operations;

/// <summary>
/// Resolves the plan's budgets, ramp-ups and canaries against the expanded operations and their inventories into the
/// scheduler's <see cref="RateControl"/>, and refuses what no schedule can honour: a budget on targets mplan does not
/// start itself, an attribute the targets do not have, a percentage that leaves a group no target at all.
/// </summary>
internal static class RateControlBuilder
{
    private const string None = "(none)";

    public static RateControl? Build(MaintenancePlan plan, IReadOnlyList<ExpandedOperation> operations, IReadOnlyDictionary<string, ClusterInventory> clusters,
        GraphBuilder graph, DiagnosticBag diagnostics)
    {
        if (plan.Budgets.IsEmpty && operations.All(o => o.Spec.Budgets.IsEmpty && o.Spec.RampUp is null && o.Spec.Canary is null))
        {
            return null;
        }

        var paced = new Dictionary<int, int[]>();
        foreach (var operation in operations.Where(o => !o.Spec.Budgets.IsEmpty || o.Spec.RampUp is not null || o.Spec.Canary is not null))
        {
            if (Heads(operation, graph, diagnostics, report: true) is { } heads)
            {
                paced[operation.Index] = heads;
            }
        }

        var budgets = new List<Budget>();
        var groups = new List<BudgetGroup>();
        var stepGroups = new int[graph.Count][];
        Array.Fill(stepGroups, []);
        var objects = new TargetAttributes(clusters);
        foreach (var spec in plan.Budgets)
        {
            var applies = operations
                .Where(o => Objects(o) is { } kind && TargetAttributes.Has(kind, spec.Per) && (paced.ContainsKey(o.Index) || Heads(o, graph, diagnostics, report: false) is not null))
                .ToList();
            if (applies.Count == 0)
            {
                diagnostics.Error(DiagnosticCodes.UnsatisfiableBudget, spec.Source, $"the plan-wide budget per {spec.Per} applies to no operation: no operation's targets have a {spec.Per} mplan can pace",
                    "budgets count targets of load-balancer failovers, cluster updates, pod restarts and shell.run; remove it or group by an attribute they have");
                continue;
            }

            var budget = new Budget(budgets.Count, -1, "plan", spec);
            budgets.Add(budget);
            AddGroups(budget, [.. applies.Select(o => (o, paced.GetValueOrDefault(o.Index) ?? Heads(o, graph, diagnostics, report: false)!))], objects, graph, groups, stepGroups, diagnostics);
        }

        foreach (var operation in operations)
        {
            foreach (var spec in operation.Spec.Budgets)
            {
                if (!paced.TryGetValue(operation.Index, out var heads))
                {
                    continue;
                }

                var kind = Objects(operation);
                if (kind is null || !TargetAttributes.Has(kind.Value, spec.Per))
                {
                    diagnostics.Error(DiagnosticCodes.UnsatisfiableBudget, spec.Source,
                        $"operation '{operation.Spec.Id}' groups its {TargetAttributes.Plural(kind)} per {spec.Per}, which {TargetAttributes.Plural(kind)} do not have",
                        $"{TargetAttributes.Plural(kind)} can be grouped per {TargetAttributes.Attributes(kind)}");
                    continue;
                }

                var budget = new Budget(budgets.Count, operation.Index, operation.Spec.Id, spec);
                budgets.Add(budget);
                AddGroups(budget, [(operation, heads)], objects, graph, groups, stepGroups, diagnostics);
            }
        }

        var waves = new OperationWaves?[plan.Operations.Length];
        foreach (var operation in operations.Where(o => paced.ContainsKey(o.Index) && (o.Spec.RampUp is not null || o.Spec.Canary is not null)))
        {
            var canary = operation.Spec.Canary;
            ImmutableArray<int> sizes = [.. canary is null ? [] : new[] { canary.Targets }, .. operation.Spec.RampUp?.Steps ?? []];
            var onFailure = operation.Policy.Action == PolicyAction.Stop ? PolicyAction.Stop : PolicyAction.Pause;
            waves[operation.Index] = new OperationWaves(operation.Index, sizes, operation.Spec.RampUp?.WaveTimeout, onFailure, operation.CanaryGate, canary?.Targets ?? 0);
        }

        return new RateControl([.. budgets], [.. groups], stepGroups, [.. waves]);
    }

    /// <summary>The settings rate control adds to an operation, so every view shows them beside concurrency.</summary>
    public static IEnumerable<Setting> Settings(OperationSpec spec, FailurePolicy policy)
    {
        foreach (var budget in spec.Budgets)
        {
            yield return new Setting("budget", $"per {budget.Per}, max {budget.MaxText}", false);
        }

        var fallback = policy.Action == PolicyAction.Stop ? "stop" : "pause";
        if (spec.Canary is { } canary)
        {
            yield return new Setting("canary", $"{canary.Targets} target(s) alone, then {(canary.Gate ? "an operator gate" : "the rest once they succeeded")}; a failed canary: {fallback}", false);
        }

        if (spec.RampUp is { } ramp)
        {
            var within = ramp.WaveTimeout is { } limit ? $", each within {Documents.DurationText.Format(limit)}" : "";
            yield return new Setting("rampUp", $"waves of {string.Join(", ", ramp.Steps.Select(s => s.ToString(CultureInfo.InvariantCulture)))}, then the rest{within}; a failed wave: {fallback}", false);
        }
    }

    // The first step of each target's chain (the step that takes the pool slot), or null when mplan does not start them one by one.
    private static int[]? Heads(ExpandedOperation operation, GraphBuilder graph, DiagnosticBag diagnostics, bool report)
    {
        var heads = new List<int>();
        var outside = false;
        for (var step = operation.StartStep; step <= operation.DoneStep; step++)
        {
            var candidate = graph[step];
            if (candidate.Operation == operation.Index && candidate.Acquires)
            {
                heads.Add(step);
                outside |= candidate.OutsidePolicy;
            }
        }

        var why = operation.Spec.Uses switch
        {
            _ when outside => "Rockoon's failover Job starts these load balancers with its own workers; mplan follows them and cannot hold one back",
            "dcmanager.kube-rootca-update" => "dcmanager's strategy starts the subclouds (with.maxParallelSubclouds); mplan cannot hold one back",
            _ when heads.Count == 0 => $"it has no targets that mplan starts one by one ({operation.Targets.Length} target(s), no pool)",
            _ => null,
        };
        if (why is null)
        {
            return [.. heads];
        }

        if (report)
        {
            var where = operation.Spec.Budgets.IsEmpty ? operation.Spec.RampUp?.Source ?? operation.Spec.Canary!.Source : operation.Spec.Budgets[0].Source;
            diagnostics.Error(DiagnosticCodes.NotControllable, where, $"operation '{operation.Spec.Id}' cannot take budgets, rampUp or canary: {why}",
                "put them on an operation mplan paces: octavia.loadbalancer-failover, mosk.cluster-update, kubernetes.restart-pods or shell.run with targets");
        }

        return null;
    }

    private static TargetObjects? Objects(ExpandedOperation operation) => operation.Spec.Uses switch
    {
        "octavia.loadbalancer-failover" or "mosk.rotate-certificates" => TargetObjects.LoadBalancers,
        "mosk.cluster-update" or "kubernetes.restart-pods" => TargetObjects.Nodes,
        "dcmanager.kube-rootca-update" => TargetObjects.Subclouds,
        "shell.run" => (operation.Spec.Select?["from"] as Documents.YScalar)?.Value switch
        {
            "loadBalancers" => TargetObjects.LoadBalancers,
            "nodes" => TargetObjects.Nodes,
            "subclouds" => TargetObjects.Subclouds,
            _ => null,
        },
        _ => null,
    };

    private static void AddGroups(Budget budget, IReadOnlyList<(ExpandedOperation Operation, int[] Heads)> members, TargetAttributes objects,
        GraphBuilder graph, List<BudgetGroup> groups, int[][] stepGroups, DiagnosticBag diagnostics)
    {
        var indexOf = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);   // by cluster, then value
        var sizes = new List<int>();
        var keys = new List<(string Cluster, string Value)>();
        var memberships = new List<(int Step, int Group)>();
        foreach (var (operation, heads) in members)
        {
            var valueOf = objects.ValuesOf(operation.Cluster, Objects(operation)!.Value, budget.Spec.Per);
            if (!indexOf.TryGetValue(operation.Cluster, out var groupOf))
            {
                indexOf[operation.Cluster] = groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            // Each target's value on every core (a 100k-LB failover's 100,000 lookups), then the groups in the targets' order.
            var values = ParallelRanges.Select(heads.Length, i => valueOf(graph[heads[i]].TargetId!) ?? None);
            for (var i = 0; i < heads.Length; i++)
            {
                var (head, value) = (heads[i], values[i]);
                if (!groupOf.TryGetValue(value, out var group))
                {
                    group = groupOf[value] = sizes.Count;
                    sizes.Add(0);
                    keys.Add((operation.Cluster, value));
                }

                sizes[group]++;
                memberships.Add((head, group));
            }
        }

        var first = groups.Count;
        var spec = budget.Spec;
        var starved = new List<int>();
        for (var group = 0; group < sizes.Count; group++)
        {
            var capacity = spec.MaxCount ?? (int)Math.Floor((spec.MaxPercent!.Value * sizes[group] / 100) + 1e-9);
            starved.AddRange(capacity == 0 ? [group] : []);
            groups.Add(new BudgetGroup(budget.Index, keys[group].Cluster, keys[group].Value, sizes[group], Math.Max(capacity, 1)));
        }

        foreach (var (step, group) in memberships)
        {
            stepGroups[step] = [.. stepGroups[step], first + group];
        }

        if (starved.Count > 0)
        {
            var smallest = starved.OrderBy(g => sizes[g]).ThenBy(g => keys[g].Value, StringComparer.Ordinal).First();
            var needed = Math.Ceiling(100.0 / sizes[smallest]);
            diagnostics.Error(DiagnosticCodes.UnsatisfiableBudget, spec.MaxSource,
                $"budget per {spec.Per}, max {spec.MaxText} ({budget.Scope}) lets no target of {spec.Per} '{keys[smallest].Value}' start: {spec.MaxText} of its {sizes[smallest]} target(s) rounds down to 0" +
                (starved.Count > 1 ? $" ({starved.Count} groups alike)" : ""),
                $"raise max to at least {needed.ToString(CultureInfo.InvariantCulture)}%, or write a count such as max: 1");
        }
    }
}

/// <summary>Which inventory objects an operation's targets are.</summary>
internal enum TargetObjects
{
    LoadBalancers,
    Nodes,
    Subclouds,
}

/// <summary>
/// Reads the attribute a budget groups by from the inventory object behind a target: by the positions the cluster's
/// binder kept (its duplicate check), or an index made once per cluster for an inventory without them.
/// </summary>
internal sealed class TargetAttributes(IReadOnlyDictionary<string, ClusterInventory> clusters)
{
    private readonly Dictionary<(string Cluster, TargetObjects Kind), IReadOnlyDictionary<string, int>> _positions = [];

    public static bool Has(TargetObjects kind, string per) => per.StartsWith("label:", StringComparison.Ordinal) || (kind, per) switch
    {
        (TargetObjects.LoadBalancers, "project" or "tenant") => true,
        (TargetObjects.Nodes, "availabilityZone" or "role") => true,
        (TargetObjects.Subclouds, "subcloudGroup") => true,
        _ => false,
    };

    public static string Attributes(TargetObjects? kind) => kind switch
    {
        TargetObjects.LoadBalancers => "project (or tenant) and label:KEY",
        TargetObjects.Nodes => "availabilityZone, role and label:KEY (labels or annotations)",
        TargetObjects.Subclouds => "subcloudGroup and label:KEY",
        _ => "nothing: its targets are no inventory objects",
    };

    public static string Plural(TargetObjects? kind) => kind switch
    {
        TargetObjects.LoadBalancers => "load balancers",
        TargetObjects.Nodes => "nodes",
        TargetObjects.Subclouds => "subclouds",
        _ => "targets",
    };

    /// <summary>
    /// The attribute <paramref name="per"/> of each target of <paramref name="kind"/> in <paramref name="cluster"/>, by target
    /// id (or name): null where the object or the attribute is missing. Resolved once per operation, used per target.
    /// </summary>
    public Func<string, string?> ValuesOf(string cluster, TargetObjects kind, string per)
    {
        var label = per.StartsWith("label:", StringComparison.Ordinal) ? per["label:".Length..] : null;
        switch (kind)
        {
            case TargetObjects.LoadBalancers:
                var lbs = Lookup(cluster, kind, c => c.LoadBalancers, p => p.LoadBalancersById, l => l.Id);
                return target => lbs(target) is not { } lb ? null : label is null ? (lb.Project.Length > 0 ? lb.Project : null) : lb.Labels.GetValueOrDefault(label);
            case TargetObjects.Nodes:
                var nodes = Lookup(cluster, kind, c => c.Nodes, p => p.NodesByName, n => n.Name);
                return target => nodes(target) is not { } node ? null : label is not null ? node.Labels.GetValueOrDefault(label) ?? node.Annotations.GetValueOrDefault(label)
                    : per == "role" ? string.Join("+", node.Roles) : node.AvailabilityZone;
            default:
                var subclouds = Lookup(cluster, kind, c => c.Subclouds, p => p.SubcloudsByName, s => s.Name);
                return target => subclouds(target) is not { } subcloud ? null : label is null ? subcloud.Group : subcloud.Labels.GetValueOrDefault(label);
        }
    }

    // The object of a cluster's list by its id or name (the first of repeats), or null.
    private Func<string, T?> Lookup<T>(string cluster, TargetObjects kind, Func<ClusterInventory, ImmutableArray<T>> items,
        Func<InventoryPositions, IReadOnlyDictionary<string, int>> kept, Func<T, string> key)
        where T : class
    {
        var inventory = clusters.GetValueOrDefault(cluster);
        var all = inventory is null ? [] : items(inventory);
        if (!_positions.TryGetValue((cluster, kind), out var positions))
        {
            positions = inventory?.Positions is { } known ? kept(known) : IndexOf(all, key);
            _positions[(cluster, kind)] = positions;
        }

        return target => positions.TryGetValue(target, out var position) ? all[position] : null;
    }

    private static Dictionary<string, int> IndexOf<T>(ImmutableArray<T> all, Func<T, string> key)
    {
        var index = new Dictionary<string, int>(all.Length, StringComparer.Ordinal);
        for (var i = 0; i < all.Length; i++)
        {
            index.TryAdd(key(all[i]), i);
        }

        return index;
    }
}
