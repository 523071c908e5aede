using System.CommandLine;
using Cli.Views;
using Planner.Diagnostics;
using Planner.Plans;

namespace Cli.Commands;

/// <summary>
/// <c>mplan validate PLAN... [--format text|json|sarif]</c>: schema and semantic checks; exit 0 when all are valid,
/// 1 otherwise. json and sarif put every diagnostic in the document on stdout, for CI jobs and code scanning.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var plans = new Argument<string[]>("PLAN") { Description = "Plan files to check.", Arity = ArgumentArity.OneOrMore };
        var clusters = CommonOptions.Clusters();
        var format = new Option<string>("--format")
        {
            Description = "text: diagnostics on stderr, a verdict per plan on stdout; json: one document with every diagnostic; sarif: a SARIF 2.1.0 log for code scanning.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong(ValidationViews.Formats);
        var command = new Command("validate", "Check plans against the schema and for semantic errors (ids, needs, cycles, clusters, selections, windows).")
        {
            plans,
            clusters,
            format,
        };
        command.SetAction(parseResult =>
        {
            var view = ValidationViews.For(parseResult.GetValue(format)!);
            var usage = new StringWriter();
            var overrides = CommonOptions.ParseClusters(parseResult.GetValue(clusters), usage);
            if (overrides is null)
            {
                // A malformed --cluster is the command line's fault, but in json or sarif mode it still goes in the document.
                var problem = new Diagnostic(Severity.Error, DiagnosticCodes.CommandLine, usage.ToString().Trim().Replace("mplan: ", "", StringComparison.Ordinal),
                    "Write each --cluster as NAME=FILE, e.g. --cluster region-one=clusters/region-one.yaml.", new SourceLocation("<command line>", 0, 0));
                var failed = parseResult.GetValue(plans)!.Select(p => new ValidationResult(p, false, 0, 0, 0, [problem])).ToList();
                if (view is ValidationTextView)
                {
                    context.Error.Write(usage.ToString());
                }
                else
                {
                    view.Render(failed, context.Output, context.Error);
                }

                return ExitCodes.Failed;
            }

            var results = parseResult.GetValue(plans)!.Select(path => Validate(context, path, overrides)).ToList();
            view.Render(results, context.Output, context.Error);
            return results.All(r => r.Valid) ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static ValidationResult Validate(CliContext context, string path, Dictionary<string, string> overrides)
    {
        var diagnostics = new DiagnosticBag();
        var plan = PlanBuilder.Build(path, context.Files, overrides, diagnostics, estimate: false);
        return plan is null
            ? new ValidationResult(path, false, 0, 0, 0, diagnostics.Sorted())
            : new ValidationResult(path, true, plan.Operations.Length, plan.Operations.Sum(o => o.Targets.Length), plan.Graph.Steps.Length, diagnostics.Sorted());
    }
}
