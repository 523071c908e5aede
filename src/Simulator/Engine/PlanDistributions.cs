using System.Collections.Immutable;
using Planner.Estimation;
using Planner.Plans;
using Simulator.Sampling;

namespace Simulator.Engine;

/// <summary>
/// The distribution <c>mplan plan</c> shows beside its arithmetic: the same seeded trials as
/// <c>mplan simulate --trials N --seed S</c> (the same runner, the same per-trial seeds), reduced to what the plan
/// needs: each trial's makespan and which windows it fits. The quantiles are simulate's; the chance to fit differs from
/// simulate's <c>fit_probability</c> only in trials a failure policy stopped, which fit no window here (simulate
/// counts them as policy breaches instead). Trials run in parallel and are stored by index, so the
/// result does not depend on the threads.
/// </summary>
public static class PlanDistributions
{
    /// <summary>The default number of trials of <c>mplan plan</c>.</summary>
    public const int DefaultTrials = 500;

    /// <summary>
    /// Trials × steps a plan's default run may take: about a second of Monte Carlo on the 2-core machine. Plans of up to
    /// 2,000 steps (every bundled example) get the 500 trials; bigger ones fewer, whose spread is narrower anyway.
    /// </summary>
    public const long DefaultStepBudget = 1_000_000;

    /// <summary>The fewest trials a default run takes, however big the plan.</summary>
    public const int MinimumDefaultTrials = 10;

    /// <summary>The trials <c>mplan plan</c> runs when <c>--trials</c> is not given: 500, fewer for very big plans.</summary>
    public static int DefaultTrialsFor(ResolvedPlan plan) =>
        (int)Math.Clamp(DefaultStepBudget / Math.Max(1, plan.Graph.Steps.Length), MinimumDefaultTrials, DefaultTrials);

    /// <summary>Runs the trials; <paramref name="trialsNote"/> says why there are fewer than asked for, if there are.</summary>
    public static PlanDistribution Compute(ResolvedPlan plan, SimulationProfile profile, ulong seed, int trials, FitQuantile fitAt, string? trialsNote = null)
    {
        var windows = plan.Plan.Windows;
        var closes = windows.IsDefaultOrEmpty ? [] : windows.Select(w => w.End - windows[0].Start).ToArray();
        var makespans = new double[trials];
        var fitsBy = new int[trials]; // the first window the trial fits (its index), or closes.Length when none
        var stopped = new bool[trials];
        Parallel.For(0, trials, TrialRunner.Parallelism, () => new TrialRunner(plan, profile), (trial, _, runner) =>
        {
            var timeline = runner.Run(SplitMix64.TrialSeed(seed, trial)).Timeline;
            var scheduler = timeline.Scheduler;
            makespans[trial] = timeline.Makespan.TotalSeconds;
            // A run a failure policy stopped did not do the work: it fits no window (simulate counts it as a policy breach).
            stopped[trial] = scheduler.HaltReason is not null;
            var usable = scheduler.IsFinished && !stopped[trial] && !scheduler.StartedOutsideWindows;
            var first = usable ? Array.FindIndex(closes, close => timeline.Makespan <= close) : -1;
            fitsBy[trial] = first < 0 ? closes.Length : first;
            return runner;
        }, _ => { });
        Array.Sort(makespans);
        var fits = closes.Select((_, window) => trials == 0 ? 0 : fitsBy.Count(f => f <= window) / (double)trials).ToImmutableArray();
        return new PlanDistribution(trials, seed, [.. makespans], fits, fitAt)
        {
            TrialsNote = trialsNote,
            StoppedShare = trials == 0 ? 0 : stopped.Count(s => s) / (double)trials,
        };
    }
}
