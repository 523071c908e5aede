using System.CommandLine;
using System.Globalization;
using System.Text;
using Cli.Views;
using Planner.Diagnostics;
using Planner.Events;
using Planner.Plans;
using Simulator.Engine;

namespace Cli.Commands;

/// <summary>
/// <c>mplan simulate PLAN|SAVED</c>: dry-runs the plan against its fake clusters with the scheduler apply uses, in
/// virtual time: trial 0 in detail, and with <c>--trials N</c> the Monte Carlo summary over N seeded trials.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var plan = new Argument<string>("PLAN|SAVED") { Description = "The plan file, or a plan saved with 'mplan plan --out'." };
        var clusters = CommonOptions.Clusters();
        var seed = new Option<ulong>("--seed")
        {
            Description = $"The run seed; trial i uses SplitMix64(seed, i). Same seed, same output (default {SimulationOptions.DefaultSeed}).",
            DefaultValueFactory = _ => SimulationOptions.DefaultSeed,
        };
        var trials = new Option<int>("--trials") { Description = "How many trials (Monte Carlo); trial 0 is shown in detail.", DefaultValueFactory = _ => 1 };
        trials.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1_000_000)
            {
                r.AddError("--trials must be between 1 and 1000000");
            }
        });
        var format = new Option<string>("--format") { Description = "How to render the simulation.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(SimulateViews.Formats);
        var trace = new Option<string?>("--trace") { Description = "Write every event of trial 0 to FILE as JSON Lines (schemas/events.v1.schema.json).", HelpName = "FILE" };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 2 when any trial breaks the window or a failure policy." };
        var behaviour = BehaviourInput.Option();
        var benchCore = new Option<bool>("--bench-core") { Hidden = true, Description = "Measure the single-thread core: run the trials one after the other and report step events per second." };
        var command = new Command("simulate", "Dry-run a plan on fake clusters in virtual time, once or as Monte Carlo trials.")
        {
            plan, clusters, seed, trials, format, trace, detailed, behaviour, benchCore,
        };
        command.SetAction(parseResult =>
        {
            var overrides = CommonOptions.ParseClusters(parseResult.GetValue(clusters), context.Error);
            if (overrides is null)
            {
                return ExitCodes.Failed;
            }

            var diagnostics = new DiagnosticBag();
            var resolved = PlanInput.Resolve(context, parseResult.GetValue(plan)!, overrides, diagnostics)?.Plan;
            var files = resolved is null ? null : BehaviourInput.Resolve(context, resolved, parseResult.GetValue(behaviour), diagnostics);
            var profile = resolved is null || files is null ? null : SimulationProfile.Build(resolved, diagnostics, files);
            DiagnosticsView.Write(context.Error, diagnostics.Sorted());
            if (resolved is null || profile is null)
            {
                return ExitCodes.Failed;
            }

            if (parseResult.GetValue(benchCore))
            {
                return BenchCore.Run(resolved, profile, parseResult.GetValue(seed), parseResult.GetValue(trials), context.Error);
            }

            var result = Simulate(context, resolved, profile, parseResult.GetValue(seed), parseResult.GetValue(trials), parseResult.GetValue(trace));
            SimulateViews.For(parseResult.GetValue(format)!).Render(result, context.Output);
            var broken = result.Summary.WindowBreaches > 0 || result.Summary.PolicyBreaches > 0;
            return parseResult.GetValue(detailed) && broken ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }

    // A saved plan is rebuilt from its recorded inputs and refused if any changed; a plan file is planned afresh.
    private static SimulationResult Simulate(CliContext context, ResolvedPlan plan, SimulationProfile profile, ulong seed, int trials, string? tracePath)
    {
        var origin = plan.Origin(DateTimeOffset.UnixEpoch);
        using var traceFile = tracePath is null ? null : new StreamWriter(tracePath, false, new UTF8Encoding(false)) { NewLine = "\n" };
        var recorder = traceFile is null ? null : new RunEventRecorder(plan, origin, new TraceSink(traceFile));
        recorder?.RunStarted(TimeSpan.Zero, $"simulation of {plan.Plan.Metadata.Name}, seed {seed.ToString(CultureInfo.InvariantCulture)}, trial 0");
        var progress = trials > 1 && ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected ? new TrialProgress(context.Error, trials) : null;
        var result = Simulation.Run(plan, profile, new SimulationOptions { Seed = seed, Trials = trials, Trace = recorder, Progress = progress });
        progress?.Done();
        var scheduler = result.First.Timeline.Scheduler;
        recorder?.RunFinished(result.First.Timeline.Makespan, scheduler.IsFinished ? "finished" : scheduler.State.ToString().ToLowerInvariant(), scheduler.HaltReason);
        return result;
    }

    /// <summary>Writes each event as one JSON line.</summary>
    private sealed class TraceSink(TextWriter writer) : IRunEventSink
    {
        public void Write(RunEvent e) => writer.WriteLine(RunEventJson.ToLine(e));
    }

    /// <summary>"trials 420/1000" on a terminal's stderr, redrawn at most every 1%.</summary>
    private sealed class TrialProgress(TextWriter error, int total) : IProgress<int>
    {
        private readonly Lock _lock = new();
        private int _shown;

        public void Report(int value)
        {
            lock (_lock)
            {
                if (value * 100L / total > _shown * 100L / total || value == total)
                {
                    _shown = value;
                    error.Write($"\rtrials {value}/{total}");
                }
            }
        }

        public void Done() => error.Write("\r\u001b[K");
    }
}
