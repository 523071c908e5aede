using Planner.Diagnostics;
using Planner.Model;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>shell.run</c>: a command template run once per target (or once, without targets). Placeholders are
/// <c>{{ target }}</c>, <c>{{ id }}</c> and <c>{{ cluster }}</c>; an unknown placeholder is an error at plan time,
/// and the rendered command of each target is part of the reviewed plan.
/// </summary>
public sealed class ShellRunKind() : OperationKind("shell.run", needsCluster: false, withSchema: "shellWith", selectSchema: "shellSelect",
    actions: [RunAction])
{
    private const string Placeholders = "the placeholders are {{ target }}, {{ id }} and {{ cluster }}";

    public const string RunAction = "run";

    internal override void Prepare() => _ = ShellCommandTemplate.Prepare();

    internal override void Expand(OperationContext context)
    {
        var with = context.Spec.With!;
        var command = LocatedString(with, "command")!.Value;
        var template = ShellCommandTemplate.Parse(command.Value, out var syntaxError);
        if (template is null)
        {
            context.Diagnostics.Error(DiagnosticCodes.ImpossibleValue, command.Source, $"the command is not a valid template: {syntaxError}",
                Placeholders);
        }

        context.Use("shell", String(with, "shell"), "/bin/sh", "mplan default");
        context.UseConcurrency(1, "mplan default");
        var timing = context.UseTiming(StepTiming.Once(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)), "mplan default");
        SelectTargets(context, with);
        if (template is null)
        {
            return;
        }

        if (context.Targets.Count == 0)
        {
            var single = Render(context, template, command, null);
            context.AddSingle(RunAction, timing, detail: single);
            return;
        }

        context.PerTarget = timing.Expected;
        var pool = context.AddConcurrencyPool("runs");
        foreach (var target in context.Targets)
        {
            var rendered = Render(context, template, command, target);
            context.Sinks.Add(context.AddChain(target, pool, [new ChainLink(RunAction, timing, Detail: rendered)], [context.Entry]));
            if (rendered is null)
            {
                return; // One error says it; the same template fails the same way for every target.
            }
        }
    }

    // The rendered command, or null after reporting why it cannot be rendered.
    private static string? Render(OperationContext context, ShellCommandTemplate template, Located<string> command, TargetRef? target)
    {
        var rendered = template.Render(target, context.Cluster.Name, out var error);
        if (error is null)
        {
            return rendered;
        }

        var unknown = ShellCommandTemplate.UnknownVariable(error);
        var (code, message, hint) = unknown switch
        {
            "target" or "id" => (DiagnosticCodes.EmptySelection,
                "the command uses a target placeholder but the operation has no targets", "add select.from (nodes, loadBalancers or subclouds) or with.targets"),
            "cluster" => (DiagnosticCodes.ClusterRequired, "the command uses {{ cluster }} but the operation has no cluster", "add 'cluster:' to the operation"),
            { } name => (DiagnosticCodes.ImpossibleValue, $"unknown placeholder '{{{{ {name} }}}}' in the command", Placeholders),
            null => (DiagnosticCodes.ImpossibleValue, $"the command cannot be rendered: {error}", Placeholders),
        };
        context.Diagnostics.Error(code, command.Source, message, hint);
        return null;
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
}
