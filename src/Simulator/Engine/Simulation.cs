using System.Collections.Immutable;
using Planner.Plans;
using Planner.Reports;
using Planner.Scheduling;

namespace Simulator.Engine;

/// <summary>What to simulate: the run seed and the number of trials.</summary>
public sealed class SimulationOptions
{
    /// <summary>The documented default seed, so a plain <c>mplan simulate</c> repeats itself.</summary>
    public const ulong DefaultSeed = 1;

    public ulong Seed { get; init; } = DefaultSeed;

    public int Trials { get; init; } = 1;

    /// <summary>Told of every transition of trial 0 (the trace); null for none.</summary>
    public IRunObserver? Trace { get; init; }

    /// <summary>Told how many trials have finished, from any thread; null for none.</summary>
    public IProgress<int>? Progress { get; init; }
}

/// <summary>A simulation: trial 0 in full (timeline and reports), and the summary over every trial.</summary>
public sealed class SimulationResult
{
    public required ResolvedPlan Plan { get; init; }

    public required SimulationProfile Profile { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>Time zero of every trial as a date: the first window's start.</summary>
    public required DateTimeOffset Origin { get; init; }

    /// <summary>Trial 0, the one shown in detail.</summary>
    public required TrialRun First { get; init; }

    public required ImmutableArray<OperationReport> Reports { get; init; }

    /// <summary>Per trial, by trial index.</summary>
    public required ImmutableArray<TrialSummary> Trials { get; init; }

    public required MonteCarloSummary Summary { get; init; }

    /// <summary>The end of the last window, from time zero (no windows: unlimited).</summary>
    public required TimeSpan WindowClose { get; init; }
}

/// <summary>
/// Runs trials of a plan against its fake clusters: trial 0 in detail, the rest in parallel on every core. Each
/// trial's seed is derived from the run seed and its index, and results are stored by index, so the output is the
/// same whatever the threads did.
/// </summary>
public static class Simulation
{
    public static SimulationResult Run(ResolvedPlan plan, SimulationProfile profile, SimulationOptions options)
    {
        var trials = Math.Max(1, options.Trials);
        var origin = plan.Origin(DateTimeOffset.UnixEpoch);
        var close = plan.Plan.Windows.IsDefaultOrEmpty ? TimeSpan.MaxValue : plan.Plan.Windows[^1].End - plan.Plan.Windows[0].Start;
        var first = Trial.Run(plan, profile, SplitMixSeed(options.Seed, 0), options.Trace);
        var summaries = new TrialSummary[trials];
        var summarizer = new TrialSummarizer(plan);
        summaries[0] = summarizer.Summarize(first, close);
        var done = 1;
        options.Progress?.Report(done);
        // One runner per worker thread: its trials reuse the scheduler and the timeline, read before the next trial.
        Parallel.For(1, trials, TrialRunner.Parallelism, () => new TrialRunner(plan, profile), (trial, _, runner) =>
        {
            summaries[trial] = summarizer.Summarize(runner.Run(SplitMixSeed(options.Seed, trial)), close);
            var finished = Interlocked.Increment(ref done);
            options.Progress?.Report(finished);
            return runner;
        }, _ => { });
        var operations = plan.Operations.Select(o => (o.Index, o.Spec.Id)).ToList();
        return new SimulationResult
        {
            Plan = plan,
            Profile = profile,
            Seed = options.Seed,
            Origin = origin,
            First = first,
            Reports = OperationReports.Build(plan, first.Timeline, origin, profile.TargetsInError),
            Trials = [.. summaries],
            Summary = MonteCarloSummary.Of(summaries, operations),
            WindowClose = close,
        };
    }

    private static ulong SplitMixSeed(ulong seed, int trial) => Sampling.SplitMix64.TrialSeed(seed, trial);
}
