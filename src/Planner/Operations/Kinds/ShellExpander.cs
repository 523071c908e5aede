using System.Text.RegularExpressions;
using Planner.Diagnostics;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>shell.run</c>: a command template run once per target (or once, without targets). Placeholders are
/// <c>{{ target }}</c>, <c>{{ id }}</c> and <c>{{ cluster }}</c>; an unknown placeholder is an error at plan time,
/// and the rendered command of each target is part of the reviewed plan.
/// </summary>
internal sealed partial class ShellExpander : IOperationExpander
{
    private static readonly string[] Placeholders = ["target", "id", "cluster"];

    public string Uses => "shell.run";

    public bool NeedsCluster => false;

    public void Expand(OperationContext context)
    {
        var with = context.Spec.With!;
        var command = LocatedString(with, "command")!.Value;
        var used = Placeholder().Matches(command.Value).Select(m => m.Groups[1].Value).ToList();
        foreach (var name in used.Where(n => !Placeholders.Contains(n)).Distinct())
        {
            context.Diagnostics.Error(DiagnosticCodes.ImpossibleValue, command.Source, $"unknown placeholder '{{{{ {name} }}}}' in the command",
                "the placeholders are {{ target }}, {{ id }} and {{ cluster }}");
        }

        if (used.Contains("cluster") && context.Cluster.Name.Length == 0)
        {
            context.Diagnostics.Error(DiagnosticCodes.ClusterRequired, command.Source, "the command uses {{ cluster }} but the operation has no cluster",
                "add 'cluster:' to the operation");
        }

        context.Use("shell", String(with, "shell"), "/bin/sh", "mplan default");
        context.UseConcurrency(1, "mplan default");
        var timing = context.UseTiming(StepTiming.Once(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)), "mplan default");
        SelectTargets(context, with);
        if (context.Targets.Count == 0)
        {
            if (used.Any(n => n is "target" or "id"))
            {
                context.Diagnostics.Error(DiagnosticCodes.EmptySelection, command.Source, "the command uses a target placeholder but the operation has no targets",
                    "add select.from (nodes, loadBalancers or subclouds) or with.targets");
            }

            context.AddSingle("run", timing, detail: Render(command.Value, null, context.Cluster.Name));
            return;
        }

        context.PerTarget = timing.Expected;
        var pool = context.AddConcurrencyPool("runs");
        foreach (var target in context.Targets)
        {
            context.Sinks.Add(context.AddChain(target, pool, [new ChainLink("run", timing, Detail: Render(command.Value, target, context.Cluster.Name))], [context.Entry]));
        }
    }

    private static void SelectTargets(OperationContext context, Documents.YMapping with)
    {
        var explicitTargets = StringValues(with, "targets");
        if (!explicitTargets.IsEmpty)
        {
            context.Targets.AddRange(explicitTargets.Select(t => new TargetRef(t, t)));
            return;
        }

        var select = context.Spec.Select;
        var names = Strings(select, "names");
        var wanted = names.Select(n => n.Value).ToHashSet(StringComparer.Ordinal);
        var roles = StringValues(select, "roles");
        IEnumerable<(string Id, string Name, bool RoleMatches)> candidates = String(select, "from") switch
        {
            "nodes" => context.Cluster.Nodes.Select(n => (n.Name, n.Name, roles.IsEmpty || n.Roles.Any(roles.Contains))),
            "loadBalancers" => context.Cluster.LoadBalancers.Select(l => (l.Id, l.Name, true)),
            "subclouds" => context.Cluster.Subclouds.Select(s => (s.Name, s.Name, true)),
            _ => [],
        };
        var list = candidates.ToList();
        context.CheckKnown(names, () => list.SelectMany(c => new[] { c.Id, c.Name }).ToHashSet(StringComparer.Ordinal), "target");
        var excluded = context.Spec.Exclude.Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, name, roleMatches) in list)
        {
            var reason = excluded.Contains(id) || excluded.Contains(name) ? "excluded by the plan"
                : wanted.Count > 0 && !wanted.Contains(id) && !wanted.Contains(name) ? "not in select.names"
                : !roleMatches ? "role not selected"
                : null;
            if (reason is null)
            {
                context.Targets.Add(new TargetRef(id, name));
            }
            else
            {
                context.Skipped.Add(new SkippedTarget(id, name, reason));
            }
        }

        if (select is not null)
        {
            context.RequireTargets("targets");
        }
    }

    private static string Render(string command, TargetRef? target, string cluster) =>
        Placeholder().Replace(command, m => m.Groups[1].Value switch
        {
            "target" => target?.Name ?? "",
            "id" => target?.Id ?? "",
            "cluster" => cluster,
            _ => m.Value,
        });

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
