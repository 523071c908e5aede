using Planner.Documents;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>kubernetes.restart-pods</c>: restart a DaemonSet's pod on each selected node, one at a time by default
/// (the MOSK guide's vRouter restart after a cluster update), then check the DaemonSet rollout is complete
/// (updatedNumberScheduled = desiredNumberScheduled = numberAvailable for the current generation).
/// </summary>
public sealed class RestartPodsKind() : OperationKind("kubernetes.restart-pods", needsCluster: true, withSchema: "restartPodsWith", selectSchema: "nodeSelect",
    actions: ["restart", "rollout-check"])
{
    internal override void Expand(OperationContext context)
    {
        var with = context.Spec.With;
        var ns = context.Use("namespace", String(with, "namespace"), "tf", "MOSK Tungsten Fabric namespace");
        var daemonSet = String(with, "daemonSet")!;
        context.Settings.Add(new Setting("daemonSet", daemonSet, false));
        VrouterRestartCheck.Check(context, ns, daemonSet);
        context.UseConcurrency(1, "one by one (MOSK guide)");
        var timing = context.UseTiming(new StepTiming(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), 3, TimeSpan.FromSeconds(10), 2), "mplan default");
        var check = context.Use("rolloutCheck", Duration(with, "rolloutCheck"), TimeSpan.FromSeconds(30), "mplan default", DurationText.Format);
        foreach (var node in NodeSelection.Select(context))
        {
            context.Targets.Add(new TargetRef(node.Name, node.Name));
        }

        context.RequireTargets("nodes");
        context.PerTarget = timing.Expected;
        var pool = context.AddConcurrencyPool("pods");
        var restarts = context.Targets
            .Select(t => context.AddChain(t, pool, [new ChainLink("restart", timing, Detail: $"delete the {ns}/{daemonSet} pod on {t.Name}; wait Ready")], [context.Entry]))
            .ToArray();
        context.Sinks.Add(context.Graph.Add(new Graph.Step
        {
            Index = context.Graph.Count,
            Id = $"{context.Spec.Id}:rollout-check",
            Operation = context.Index,
            Kind = Graph.StepKind.Action,
            Action = "rollout-check",
            Expected = check,
            Max = TimeSpan.FromMinutes(10),
            Detail = $"DaemonSet {ns}/{daemonSet} up to date and available",
            Dependencies = restarts.Length > 0 ? restarts : [context.Entry],
        }));
    }
}
