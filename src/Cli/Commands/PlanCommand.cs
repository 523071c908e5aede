using System.CommandLine;
using Cli.Views;
using Planner.Diagnostics;
using Planner.Plans;

namespace Cli.Commands;

/// <summary><c>mplan plan PLAN</c>: the execution graph, order, concurrency, estimate, window fit and impact.</summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var plan = new Argument<string>("PLAN") { Description = "The plan file." };
        var clusters = CommonOptions.Clusters();
        var format = new Option<string>("--format")
        {
            Description = "How to render the plan.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong(PlanViews.Formats);
        var output = new Option<string?>("--out") { Description = "Also save the resolved plan to FILE, for review and apply.", HelpName = "FILE" };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 2 when the plan does not fit its maintenance windows." };
        var behaviour = BehaviourInput.Option();
        var command = new Command("plan", "Compute the execution graph and estimate of a plan.") { plan, clusters, format, output, detailed, behaviour };
        command.SetAction(parseResult =>
        {
            var overrides = CommonOptions.ParseClusters(parseResult.GetValue(clusters), context.Error);
            if (overrides is null)
            {
                return ExitCodes.Failed;
            }

            var diagnostics = new DiagnosticBag();
            var resolved = PlanBuilder.Build(parseResult.GetValue(plan)!, context.Files, overrides, diagnostics);
            var behaviourFiles = resolved is null ? null : BehaviourInput.Resolve(context, resolved, parseResult.GetValue(behaviour), diagnostics);
            DiagnosticsView.Write(context.Error, diagnostics.Sorted());
            if (resolved is null || behaviourFiles is null)
            {
                return ExitCodes.Failed;
            }

            PlanViews.For(parseResult.GetValue(format)!, behaviourFiles).Render(resolved, context.Output);
            if (parseResult.GetValue(output) is { } savePath)
            {
                File.WriteAllBytes(savePath, SavedPlan.Write(resolved));
                context.Error.WriteLine($"Saved the plan to {savePath} (sha256 {resolved.Sha256[..12]}).");
            }

            return parseResult.GetValue(detailed) && !resolved.Estimate.Window.Fits ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }
}
