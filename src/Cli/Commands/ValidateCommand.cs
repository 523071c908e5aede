using System.CommandLine;
using Cli.Views;
using Planner.Diagnostics;
using Planner.Plans;

namespace Cli.Commands;

/// <summary><c>mplan validate PLAN...</c>: schema and semantic checks; exit 0 when all are valid, 1 otherwise.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var plans = new Argument<string[]>("PLAN") { Description = "Plan files to check.", Arity = ArgumentArity.OneOrMore };
        var clusters = CommonOptions.Clusters();
        var command = new Command("validate", "Check plans against the schema and for semantic errors (ids, needs, cycles, clusters, selections, windows).")
        {
            plans,
            clusters,
        };
        command.SetAction(parseResult =>
        {
            var overrides = CommonOptions.ParseClusters(parseResult.GetValue(clusters), context.Error);
            if (overrides is null)
            {
                return ExitCodes.Failed;
            }

            var valid = true;
            foreach (var path in parseResult.GetValue(plans)!)
            {
                var diagnostics = new DiagnosticBag();
                var plan = PlanBuilder.Build(path, context.Files, overrides, diagnostics, estimate: false);
                DiagnosticsView.Write(context.Error, diagnostics.Sorted());
                if (plan is null)
                {
                    valid = false;
                    context.Output.WriteLine($"{path}: invalid");
                }
                else
                {
                    var targets = plan.Operations.Sum(o => o.Targets.Length);
                    context.Output.WriteLine($"{path}: valid ({DiagnosticText.Plural(plan.Operations.Length, "operation")}, {DiagnosticText.Plural(targets, "target")}, {DiagnosticText.Plural(plan.Graph.Steps.Length, "step")})");
                }
            }

            return valid ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
