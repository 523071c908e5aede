using System.Collections.Immutable;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Model;
using Planner.Schema;

namespace Planner.Operations;

/// <summary>
/// Checks the plan's cross-references (ids, needs, cycles, clusters, windows) and expands every operation, in
/// dependency order, into the execution graph. Each operation is framed by a start and a done milestone so that
/// <c>needs</c> costs one edge per operation, not one per pair of targets.
/// </summary>
internal static class PlanExpander
{
    public static (ExecutionGraph Graph, ImmutableArray<ExpandedOperation> Operations) Expand(
        MaintenancePlan plan, IReadOnlyDictionary<string, ClusterInventory> clusters, DiagnosticBag diagnostics)
    {
        var windows = PlanChecks.CheckWindows(plan, diagnostics);
        var order = PlanChecks.OrderOperations(plan, diagnostics);
        var graph = new GraphBuilder();
        var expanded = new ExpandedOperation?[plan.Operations.Length];
        var referenceTime = windows.Length > 0 ? windows[0].Start : DateTimeOffset.UnixEpoch;
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = plan.Operations.Length - 1; i >= 0; i--)
        {
            indexOf[plan.Operations[i].Id] = i;
        }

        foreach (var index in order)
        {
            var spec = plan.Operations[index];
            if (spec.HasSchemaErrors)
            {
                continue;
            }

            var expander = OperationKinds.For(spec.Uses);
            var cluster = ResolveCluster(plan, spec, expander.NeedsCluster, clusters, diagnostics);
            if (cluster is null)
            {
                continue;
            }

            var needs = spec.Needs
                .Select(n => indexOf.GetValueOrDefault(n.Value, -1))
                .Where(i => i >= 0 && expanded[i] is not null)
                .Select(i => expanded[i]!.DoneStep)
                .ToArray();
            var upstream = Upstream(plan, index, indexOf, expanded);
            expanded[index] = ExpandOne(index, spec, expander, cluster, referenceTime, needs, graph, diagnostics, upstream);
        }

        Kinds.StrategyOverlap.Check(plan, expanded.OfType<ExpandedOperation>(), diagnostics);
        var rateControl = RateControlBuilder.Build(plan, [.. expanded.OfType<ExpandedOperation>()], clusters, graph, diagnostics);
        var built = graph.Build(rateControl);
        if (!diagnostics.HasErrors)
        {
            PlanChecks.CheckWorstCase(plan, built, diagnostics);
        }

        return (built, [.. expanded.Where(e => e is not null).Cast<ExpandedOperation>()]);
    }

    // Everything the operation needs, directly or through needs, that expanded: what is sure to have finished before it starts.
    private static List<ExpandedOperation> Upstream(MaintenancePlan plan, int index, Dictionary<string, int> indexOf, ExpandedOperation?[] expanded)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<int>([index]);
        while (pending.TryPop(out var current))
        {
            foreach (var need in plan.Operations[current].Needs)
            {
                if (indexOf.TryGetValue(need.Value, out var needed) && needed != index && seen.Add(needed))
                {
                    pending.Push(needed);
                }
            }
        }

        return [.. seen.Select(i => expanded[i]).OfType<ExpandedOperation>().OrderBy(o => o.StartStep)];
    }

    private static ExpandedOperation ExpandOne(int index, OperationSpec spec, OperationKind expander, ClusterInventory cluster,
        DateTimeOffset referenceTime, int[] needs, GraphBuilder graph, DiagnosticBag diagnostics, IReadOnlyList<ExpandedOperation> upstream)
    {
        var context = new OperationContext(index, spec, cluster, referenceTime, graph, diagnostics, upstream);
        var start = graph.Add(Milestone(graph.Count, $"{spec.Id}:start", index, needs));
        context.Entry = start;
        if (spec.Approval is { } approval)
        {
            var wait = context.Use("approval.expectedWait", approval.ExpectedWait, ProcedureFigures.OperatorResponse.Expected, "mplan default", Documents.DurationText.Format);
            var timeout = approval.Timeout is { } limit ? context.Use("approval.timeout", limit, TimeSpan.Zero, "", Documents.DurationText.Format) : TimeSpan.Zero;
            context.Entry = graph.Add(new Step
            {
                Index = graph.Count,
                Id = $"{spec.Id}:approval",
                Operation = index,
                Kind = StepKind.Gate,
                Action = OperationKind.ApprovalAction,
                Expected = wait,
                Max = timeout,
                Detail = approval.Message ?? $"approve operation {spec.Id}",
                Dependencies = [start],
            });
        }

        var canaryGate = spec.Canary is { Gate: true } canary ? AddCanaryGate(context, canary) : -1;
        expander.Expand(context);
        if (!context.Settings.Any(s => s.Name == "failurePolicy"))
        {
            // A failed single step (a preflight, a rotation, a node update) must not let what follows go on.
            context.UsePolicy(new FailurePolicy(0, null, false, PolicyAction.Stop), "mplan default");
        }

        context.Settings.AddRange(RateControlBuilder.Settings(spec, context.Policy));
        if (canaryGate >= 0)
        {
            context.Sinks.Add(canaryGate);
        }

        int[] sinks = context.Sinks.Count > 0 ? [.. context.Sinks] : [context.Entry];
        var done = graph.Add(Milestone(graph.Count, $"{spec.Id}:done", index, sinks));
        return new ExpandedOperation
        {
            Index = index,
            Spec = spec,
            Cluster = cluster.Name,
            Targets = [.. context.Targets],
            Skipped = [.. context.Skipped],
            Settings = [.. context.Settings],
            Policy = context.Policy,
            Concurrency = context.Concurrency,
            ConcurrencyPool = context.ConcurrencyPool,
            PerTarget = context.PerTarget,
            StartStep = start,
            DoneStep = done,
            CanaryGate = canaryGate,
            Notes = [.. context.Notes],
            Tables = [.. context.Tables],
        };
    }

    // The operator's gate after the canary targets: the scheduler holds it until they ended, and the rest until it passed.
    private static int AddCanaryGate(OperationContext context, CanarySpec canary)
    {
        var wait = context.Use("canary.expectedWait", canary.ExpectedWait, TimeSpan.FromMinutes(5), "mplan default", Documents.DurationText.Format);
        var timeout = canary.Timeout is { } limit ? context.Use("canary.timeout", limit, TimeSpan.Zero, "", Documents.DurationText.Format) : TimeSpan.Zero;
        var id = context.Spec.Id;
        return context.Graph.Add(new Step
        {
            Index = context.Graph.Count,
            Id = $"{id}:canary-approval",
            Operation = context.Index,
            Kind = StepKind.Gate,
            Action = OperationKind.ApprovalAction,
            Expected = wait,
            Max = timeout,
            Detail = canary.Message ?? $"check the first {canary.Targets} target(s) of {id}, then approve the rest",
            Dependencies = [context.Entry],
        });
    }

    private static Step Milestone(int index, string id, int operation, int[] dependencies) => new()
    {
        Index = index,
        Id = id,
        Operation = operation,
        Kind = StepKind.Milestone,
        Action = "milestone",
        Dependencies = dependencies,
    };

    private static ClusterInventory? ResolveCluster(MaintenancePlan plan, OperationSpec spec, bool required,
        IReadOnlyDictionary<string, ClusterInventory> clusters, DiagnosticBag diagnostics)
    {
        var empty = new ClusterInventory("", plan.SourceFile, null, [], [], [], []);
        if (spec.Cluster is { } named)
        {
            if (plan.Clusters.All(c => c.Name != named.Value))
            {
                var suggestion = Suggestions.Closest(named.Value, plan.Clusters.Select(c => c.Name));
                diagnostics.Error(DiagnosticCodes.UnknownCluster, named.Source, $"unknown cluster {DiagnosticText.Quote(named.Value)}",
                    suggestion is null ? $"declare it under clusters: (known: {string.Join(", ", plan.Clusters.Select(c => c.Name))})" : $"did you mean '{suggestion}'?");
                return null;
            }

            // A cluster whose file could not be loaded has already been reported.
            return clusters.GetValueOrDefault(named.Value);
        }

        if (plan.Clusters.Length == 1)
        {
            return clusters.GetValueOrDefault(plan.Clusters[0].Name);
        }

        if (!required)
        {
            return empty;
        }

        diagnostics.Error(DiagnosticCodes.ClusterRequired, spec.IdSource,
            $"operation '{spec.Id}' does not say which cluster it acts on, and the plan has {plan.Clusters.Length}",
            $"add 'cluster:' with one of {string.Join(", ", plan.Clusters.Select(c => c.Name))}");
        return null;
    }
}
