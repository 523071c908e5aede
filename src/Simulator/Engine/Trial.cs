using Planner.Plans;
using Planner.Scheduling;

namespace Simulator.Engine;

/// <summary>One simulated run of a plan: the shared scheduler in virtual time against the fake clusters.</summary>
public static class Trial
{
    /// <summary>Runs one trial to its end. The simulated operator resumes a paused run after their response time.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="profile">The fake clusters.</param>
    /// <param name="seed">The trial's seed (derived from the run seed).</param>
    /// <param name="observer">Sees every transition (a trace); none for Monte Carlo trials, which pay nothing for it.</param>
    /// <param name="start">Where a resumed run starts (the crash time); zero otherwise.</param>
    /// <param name="alreadyFinished">Steps a journal says finished before the crash.</param>
    /// <param name="abortAt">When the simulated operator aborts the run, if ever.</param>
    public static TrialRun Run(ResolvedPlan plan, SimulationProfile profile, ulong seed, IRunObserver? observer = null,
        TimeSpan start = default, IReadOnlyDictionary<int, StepState>? alreadyFinished = null, TimeSpan? abortAt = null)
    {
        var scheduler = plan.CreateScheduler(alreadyFinished: alreadyFinished);
        scheduler.Observer = observer;
        return Run(plan, profile, seed, scheduler, new VirtualRunWorkspace(plan.Graph.Steps.Length), start, abortAt);
    }

    internal static TrialRun Run(ResolvedPlan plan, SimulationProfile profile, ulong seed, Scheduler scheduler, VirtualRunWorkspace workspace,
        TimeSpan start = default, TimeSpan? abortAt = null)
    {
        var model = new SimulatedAttemptModel(profile, seed);
        var pauses = 0;
        var options = new VirtualRunOptions { Start = start, OperatorResume = _ => model.ResumeAfterPause(pauses++), AbortAt = abortAt };
        var timeline = VirtualRun.Run(plan.Graph, scheduler, model, options, workspace);
        return new TrialRun(timeline, model.Interventions, pauses);
    }
}

/// <summary>
/// Runs Monte Carlo trials of one plan one after another in the same memory (one per thread): the scheduler is reset
/// rather than rebuilt, and each trial's timeline lives until the next trial, so read it (a summary) before then.
/// </summary>
public sealed class TrialRunner(ResolvedPlan plan, SimulationProfile profile)
{
    /// <summary>
    /// How trials run in parallel, one runner per worker: one per core and no more. Each runner holds a scheduler's
    /// state for every step, and the thread pool would otherwise add threads (and runners) to a long loop; a 100k-LB
    /// plan with budgets then passed 500 MB.
    /// </summary>
    public static ParallelOptions Parallelism => new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    private readonly Scheduler _scheduler = plan.CreateScheduler();
    private readonly VirtualRunWorkspace _workspace = new(plan.Graph.Steps.Length);

    public TrialRun Run(ulong seed)
    {
        _scheduler.Reset();
        return Trial.Run(plan, profile, seed, _scheduler, _workspace);
    }
}

/// <summary>A finished trial: its timeline (with the scheduler's end state) and how often the operator was needed.</summary>
public sealed record TrialRun(RunTimeline Timeline, int Interventions, int Pauses);
