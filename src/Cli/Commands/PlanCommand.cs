using System.CommandLine;
using Cli.Views;
using Planner.Diagnostics;
using Planner.Estimation;
using Planner.Plans;
using Simulator.Engine;

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
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 2 when the plan does not fit its maintenance windows at --fit-at." };
        var behaviour = BehaviourInput.Option();
        var trials = new Option<int?>("--trials")
        {
            Description = $"Monte Carlo trials of the behaviour model mplan simulate uses, for the makespan's distribution (0: the arithmetic only; default {PlanDistributions.DefaultTrials}, " +
                $"fewer for plans of more than {Fmt.Count((int)(PlanDistributions.DefaultStepBudget / PlanDistributions.DefaultTrials))} steps).",
        };
        trials.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > 1_000_000)
            {
                r.AddError("--trials must be between 0 and 1000000");
            }
        });
        var seed = new Option<ulong>("--seed")
        {
            Description = $"The run seed, as mplan simulate's: the same seed and trials give simulate's quantiles (default {SimulationOptions.DefaultSeed}).",
            DefaultValueFactory = _ => SimulationOptions.DefaultSeed,
        };
        var fitAt = new Option<string>("--fit-at")
        {
            Description = "Where --detailed-exitcode judges the window fit: a quantile of the simulated makespan (p50, p90, p99) or expected (the arithmetic).",
            DefaultValueFactory = _ => FitQuantile.Default.Name,
        };
        fitAt.AcceptOnlyFromAmong([.. FitQuantile.All.Select(q => q.Name)]);
        var command = new Command("plan", "Compute the execution graph and estimate of a plan.") { plan, clusters, format, output, detailed, behaviour, trials, seed, fitAt };
        command.SetAction(parseResult =>
        {
            var overrides = CommonOptions.ParseClusters(parseResult.GetValue(clusters), context.Error);
            if (overrides is null)
            {
                return ExitCodes.Failed;
            }

            var diagnostics = new DiagnosticBag();
            var resolved = PlanBuilder.Build(parseResult.GetValue(plan)!, context.Files, overrides, diagnostics, estimate: false, willSchedule: true);
            var behaviourFiles = resolved is null ? null : BehaviourInput.Resolve(context, resolved, parseResult.GetValue(behaviour), diagnostics);
            // The Monte Carlo runs only where its result is used: a view that shows it, or the exit code that judges by it.
            var needsDistribution = PlanViews.ShowsDistribution(parseResult.GetValue(format)!) || parseResult.GetValue(detailed);
            var trialCount = resolved is null || !needsDistribution ? 0 : parseResult.GetValue(trials) ?? PlanDistributions.DefaultTrialsFor(resolved);
            if (trialCount > 0)
            {
                // The trials' per-event methods, compiled on another core before the first trial calls them.
                Planner.Scheduling.HotPaths.PrepareAlongside(typeof(SimulatedAttemptModel), typeof(TrialSummarizer));
            }

            // The trials' profile needs the graph, not the estimate: it is built on another core while the estimate's
            // single-threaded parts run (0.06 s of the 100k-LB plan).
            var profileDiagnostics = new DiagnosticBag();
            var profileBuild = resolved is null || behaviourFiles is null || trialCount == 0
                ? Task.FromResult<SimulationProfile?>(null)
                : Task.Run(() => SimulationProfile.Build(resolved, profileDiagnostics, behaviourFiles));
            resolved = resolved is null ? null : PlanBuilder.Estimate(resolved, diagnostics);
            var profile = profileBuild.GetAwaiter().GetResult();
            diagnostics.AddRange(profileDiagnostics.Items);
            DiagnosticsView.Write(context.Error, diagnostics.Sorted());
            if (resolved is null || behaviourFiles is null || (trialCount > 0 && profile is null))
            {
                return ExitCodes.Failed;
            }

            var at = FitQuantile.Parse(parseResult.GetValue(fitAt)!)!;
            var note = trialCount < PlanDistributions.DefaultTrials && parseResult.GetValue(trials) is null
                ? $"fewer than {PlanDistributions.DefaultTrials} for a plan of {Fmt.Count(resolved.Graph.Steps.Length)} steps; --trials N to choose"
                : null;
            var distribution = profile is null ? null : PlanDistributions.Compute(resolved, profile, parseResult.GetValue(seed), trialCount, at, note);
            PlanViews.For(parseResult.GetValue(format)!, behaviourFiles, distribution, at).Render(resolved, context.Output);
            if (parseResult.GetValue(output) is { } savePath)
            {
                Save(resolved, savePath);
                context.Error.WriteLine($"Saved the plan to {savePath} (sha256 {resolved.Sha256[..12]}).");
            }

            return parseResult.GetValue(detailed) && !PlanReview.FitsForExitCode(resolved, distribution) ? ExitCodes.Findings : ExitCodes.Success;
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
