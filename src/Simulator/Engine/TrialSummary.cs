using System.Runtime.CompilerServices;
using Planner.Graph;
using Planner.Plans;
using Planner.Scheduling;

namespace Simulator.Engine;

/// <summary>
/// What the Monte Carlo summary keeps of one trial: a few numbers, not the timeline. <see cref="Attempts"/> counts
/// attempts started; each one is two step events (its start and its end: completion or timeout).
/// </summary>
public readonly record struct TrialSummary(
    TimeSpan Makespan,
    TimeSpan[] OperationDurations,
    int[] FailedTargets,
    int Interventions,
    bool FitsWindow,
    bool PolicyBreached,
    long Attempts)
{
    /// <summary>Reads the summary from a finished trial. Operation durations go from its first step's start to its done milestone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Once per trial, over every step.
    public static TrialSummary Of(ResolvedPlan plan, TrialRun run, TimeSpan lastClose)
    {
        var timeline = run.Timeline;
        var scheduler = timeline.Scheduler;
        var count = plan.Plan.Operations.Length;
        var durations = new TimeSpan[count];
        var failed = new int[count];
        var firstStart = new TimeSpan[count];
        Array.Fill(firstStart, TimeSpan.MaxValue);
        var steps = plan.Graph.Steps;
        long attempts = 0;
        for (var index = 0; index < steps.Length; index++)
        {
            var step = steps[index];
            if (step.Kind == StepKind.Milestone || scheduler.AttemptOf(index) == 0)
            {
                continue;
            }

            attempts += scheduler.AttemptOf(index);

            if (timeline.Start[index] < firstStart[step.Operation])
            {
                firstStart[step.Operation] = timeline.Start[index];
            }

            if (step.TargetId is not null && scheduler.StateOf(index) == StepState.Failed)
            {
                failed[step.Operation]++;
            }
        }

        foreach (var operation in plan.Operations)
        {
            var first = firstStart[operation.Index];
            durations[operation.Index] = first == TimeSpan.MaxValue ? TimeSpan.Zero : timeline.Finish[operation.DoneStep] - first;
        }

        var breached = false;
        foreach (var note in scheduler.Notes)
        {
            breached |= note.Operation >= 0;
        }

        var fits = timeline.Makespan <= lastClose && !scheduler.StartedOutsideWindows && scheduler.IsFinished;
        return new TrialSummary(timeline.Makespan, durations, failed, run.Interventions, fits, breached, attempts);
    }
}
