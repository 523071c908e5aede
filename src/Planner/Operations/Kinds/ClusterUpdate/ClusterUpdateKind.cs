using System.Collections.Immutable;
using System.Globalization;
using Planner.Documents;
using Planner.Graph;
using Planner.Model;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>mosk.cluster-update</c>: cluster-wide phases (each with impact, duration and whether it can be paused), then
/// nodes one by one: control-plane nodes first, then workers (MOSK's default of one worker at a time). Each
/// compute node follows its workload policy, the annotation
/// <c>openstack.lcm.mirantis.com/instance_migration_mode</c>: <c>live</c> (default) live-migrates its instances
/// (<c>instance_migration_attempts</c> tries each, default 3, then the node waits for the operator),
/// <c>manual</c> waits for the operator to move them (an operator gate), <c>skip</c> powers them off.
/// There is no rollback.
/// </summary>
public sealed class ClusterUpdateKind() : OperationKind("mosk.cluster-update", needsCluster: true, withSchema: "clusterUpdateWith", selectSchema: "nodeSelect",
    actions: ["update-click", "phase", "operator-evacuate", "live-migrate", "update"])
{
    internal const string ModeAnnotation = "openstack.lcm.mirantis.com/instance_migration_mode";
    internal const string AttemptsAnnotation = "openstack.lcm.mirantis.com/instance_migration_attempts";

    internal override Reports.KindReport Report(Reports.ReportInput input) => NodeTableReport.Of(input);

    internal override void Expand(OperationContext context)
    {
        var with = context.Spec.With;
        var nodeTiming = context.UseTiming(new StepTiming(ProcedureFigures.NodeUpdate.Expected, ProcedureFigures.NodeUpdateTimeout, 1, TimeSpan.Zero, 1), "mplan default per node",
            "MOSK: a failed node update is not retried", ProcedureFigures.NodeUpdate.ExpectedOrigin);
        if (String(with, "release") is { } release)
        {
            context.Settings.Add(new Setting("release", $"MOSK {release}", false));
        }

        var perInstance = context.Use("liveMigrationPerInstance", Duration(with, "liveMigrationPerInstance"), ProcedureFigures.LiveMigration.Expected, ProcedureFigures.LiveMigration.ExpectedOrigin, DurationText.Format);
        var manualResponse = context.Use("manualResponse", Duration(with, "manualResponse"), ProcedureFigures.ManualNodeResponse, "mplan default operator response", DurationText.Format);
        var defaultAttempts = context.Use("migrationAttempts", Int(with, "migrationAttempts"), 3, "Rockoon instance_migration_attempts");
        context.UseConcurrency(1, "MOSK: parallel upgrade of worker machines");

        var entry = AddPhases(context, with, AddTrigger(context, with, manualResponse));
        var nodes = SelectNodes(context);
        context.RequireTargets("nodes");
        var controlPool = context.AddPool("control-plane", 1);
        var workerPool = context.AddConcurrencyPool("workers");
        var rows = new List<ImmutableArray<string>>();
        var controlSinks = new List<int>();
        foreach (var node in nodes.Where(n => n.IsControlPlane))
        {
            controlSinks.Add(AddNode(context, node, controlPool, [entry], nodeTiming, perInstance, manualResponse, defaultAttempts, rows));
        }

        int[] workerEntry = controlSinks.Count > 0 ? [.. controlSinks] : [entry];
        foreach (var node in nodes.Where(n => !n.IsControlPlane))
        {
            context.Sinks.Add(AddNode(context, node, workerPool, workerEntry, nodeTiming, perInstance, manualResponse, defaultAttempts, rows));
        }

        context.Sinks.AddRange(controlSinks);
        context.Sinks.Add(entry);
        context.Tables.Add(new ReviewTable("Nodes (in update order)", ["node", "roles", "az", "policy", "instances", "steps"], [.. rows]));
        context.PerTarget = nodeTiming.Expected;
        var manual = rows.Count(r => r[3] == "manual");
        context.Notes.Add("There is no rollback: a node that fails its update stays failed until repaired.");
        if (manual > 0)
        {
            context.Notes.Add($"{manual} node(s) use the manual policy: the run waits at an operator gate for each.");
        }
    }

    // The update starts when the Cluster's release changes on the management cluster: mplan patches it when the plan
    // names the ClusterRelease, and otherwise waits at a gate for the operator's "Update cluster" click.
    private static int AddTrigger(OperationContext context, YMapping? with, TimeSpan response)
    {
        var release = String(Map(with, "trigger"), "clusterRelease");
        context.Settings.Add(new Setting("trigger", release is null ? "gate" : "clusterRelease", with?["trigger"] is null, release is null ? "mplan default: the operator starts it" : null));
        if (release is not null)
        {
            context.Settings.Add(new Setting("clusterRelease", release, false));
            return context.Entry;
        }

        return context.Graph.Add(new Step
        {
            Index = context.Graph.Count,
            Id = $"{context.Spec.Id}:update-click",
            Operation = context.Index,
            Kind = StepKind.Gate,
            Action = "update-click",
            Expected = response,
            Max = TimeSpan.Zero,
            Detail = $"start the update of {context.Cluster.Name} ('Update cluster' in the management console), then approve",
            Dependencies = [context.Entry],
        });
    }

    private static int AddPhases(OperationContext context, YMapping? with, int start)
    {
        var phases = with?["phases"] is YSequence list
            ? list.Items.Cast<YMapping>().ToList()
            : null;
        var definitions = phases?.Select(p => (
                Name: String(p, "name")!,
                Expected: Duration(Map(p, "duration"), "expected") ?? TimeSpan.FromMinutes(30),
                Max: Duration(Map(p, "duration"), "max") ?? TimeSpan.FromHours(2),
                Users: String(Map(p, "impact"), "users") ?? "none",
                Workloads: String(Map(p, "impact"), "workloads") ?? "none",
                Pausable: Bool(p, "canBePaused") ?? true))
            .ToList()
            ?? [
                ("Update the management and life-cycle controllers", TimeSpan.FromMinutes(20), TimeSpan.FromHours(1), "none", "none", true),
                ("Update OpenStack and Tungsten Fabric services", TimeSpan.FromMinutes(45), TimeSpan.FromHours(2), "minor", "none", true),
            ];
        context.Settings.Add(new Setting("phases", definitions.Count.ToString(CultureInfo.InvariantCulture), phases is null, phases is null ? "mplan default phases" : null));
        var previous = start;
        var rows = new List<ImmutableArray<string>>();
        for (var i = 0; i < definitions.Count; i++)
        {
            var phase = definitions[i];
            var dependsOn = previous;
            previous = context.Graph.Add(new Step
            {
                Index = context.Graph.Count,
                Id = $"{context.Spec.Id}:phase-{i + 1}",
                Operation = context.Index,
                Kind = StepKind.Action,
                Action = "phase",
                TargetName = phase.Name,
                Expected = phase.Expected,
                Max = phase.Max,
                Detail = phase.Name,
                Dependencies = [dependsOn],
            });
            rows.Add([(i + 1).ToString(CultureInfo.InvariantCulture), phase.Name, phase.Users, phase.Workloads, DurationText.Format(phase.Expected), phase.Pausable ? "yes" : "no"]);
        }

        rows.Add([(definitions.Count + 1).ToString(CultureInfo.InvariantCulture), "Update nodes one by one (control plane first)", "minor", "per node policy", "see nodes", "yes"]);
        context.Tables.Add(new ReviewTable("Phases", ["#", "phase", "users", "workloads", "expected", "can be paused"], [.. rows]));
        return previous;
    }

    private static List<ClusterNode> SelectNodes(OperationContext context)
    {
        var selected = NodeSelection.Select(context);
        // Control-plane nodes first, each group in inventory order.
        var ordered = selected.Where(n => n.IsControlPlane).Concat(selected.Where(n => !n.IsControlPlane)).ToList();
        context.Targets.AddRange(ordered.Select(n => new TargetRef(n.Name, n.Name)));
        return ordered;
    }

    private static int AddNode(OperationContext context, ClusterNode node, int pool, int[] dependencies, StepTiming nodeTiming,
        TimeSpan perInstance, TimeSpan manualResponse, int defaultAttempts, List<ImmutableArray<string>> rows)
    {
        var mode = node.Annotations.GetValueOrDefault(ModeAnnotation, "live");
        var attempts = int.TryParse(node.Annotations.GetValueOrDefault(AttemptsAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a > 0
            ? a
            : defaultAttempts;
        var tagged = node.Instances.Count(i => i.MaintenanceAction is "notify");
        var poweredOff = node.Instances.Count(i => i.MaintenanceAction is "poweroff");
        var toMigrate = node.InstanceCount - tagged - poweredOff;
        var links = new List<ChainLink>();
        if (node.InstanceCount > 0 && !node.IsControlPlane)
        {
            switch (mode)
            {
                case "manual":
                    links.Add(new ChainLink("operator-evacuate", StepTiming.Once(manualResponse, TimeSpan.Zero), StepKind.Gate,
                        Detail: $"manual policy: move {node.InstanceCount} instance(s) off {node.Name}, then approve"));
                    break;
                case "skip":
                    break;
                default:
                    if (toMigrate > 0)
                    {
                        var migrate = perInstance * toMigrate;
                        links.Add(new ChainLink("live-migrate", new StepTiming(migrate, migrate * 3, attempts, TimeSpan.FromMinutes(1), 1),
                            Detail: $"{toMigrate} instance(s), {attempts} attempt(s) each, then the node waits for the operator"));
                    }

                    if (tagged > 0)
                    {
                        links.Add(new ChainLink("operator-evacuate", StepTiming.Once(manualResponse, TimeSpan.Zero), StepKind.Gate,
                            Detail: $"{tagged} instance(s) tagged maintenance_action=notify"));
                    }

                    break;
            }
        }

        var powerOff = mode == "skip" ? node.InstanceCount : poweredOff;
        links.Add(new ChainLink("update", new StepTiming(nodeTiming.Expected, nodeTiming.Max, nodeTiming.Attempts, nodeTiming.RetryDelay, nodeTiming.Backoff),
            Detail: powerOff > 0 ? $"{powerOff} instance(s) powered off during the update" : null));
        var target = new TargetRef(node.Name, node.Name);
        rows.Add([node.Name, string.Join(",", node.Roles), node.AvailabilityZone, node.IsControlPlane ? "control-plane" : mode,
            node.InstanceCount.ToString(CultureInfo.InvariantCulture), string.Join(" > ", links.Select(l => l.Action))]);
        return context.AddChain(target, pool, links, dependencies, nodeMaintenance: true);
    }
}
