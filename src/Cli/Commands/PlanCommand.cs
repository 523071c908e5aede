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
                Save(resolved, savePath);
                context.Error.WriteLine($"Saved the plan to {savePath} (sha256 {resolved.Sha256[..12]}).");
            }

            return parseResult.GetValue(detailed) && !resolved.Estimate.Window.Fits ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Streams the saved plan to <paramref name="path"/>, the document first to a temporary file beside it (deleted on
    /// close) for its hash, so that a large plan is never held in memory whole.
    /// </summary>
    private static void Save(ResolvedPlan plan, string path)
    {
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var scratchPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using var scratch = new FileStream(scratchPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        SavedPlan.Write(plan, output, scratch);
    }
}
