using System.Runtime.CompilerServices;
using Planner.Graph;
using Planner.Plans;
using Planner.Scheduling;

namespace Simulator.Engine;

/// <summary>
/// Reads trial summaries of one plan: what it needs of each step is looked up once, so summarising a trial is one
/// pass over flat arrays. Immutable: Monte Carlo threads share one.
/// </summary>
public sealed class TrialSummarizer
{
    private readonly ResolvedPlan _plan;

    // Per step: its operation, or -1 for milestones (never attempted); whether it has a target (counted when failed).
    private readonly int[] _operation;
    private readonly bool[] _hasTarget;

    public TrialSummarizer(ResolvedPlan plan)
    {
        _plan = plan;
        var steps = plan.Graph.Steps;
        _operation = [.. steps.Select(step => step.Kind == StepKind.Milestone ? -1 : step.Operation)];
        _hasTarget = [.. steps.Select(step => step.TargetId is not null)];
    }

    /// <summary>
    /// The summary of a finished trial; <paramref name="lastClose"/> is when the last window closes. Operation durations
    /// go from the operation's first step's start to its done milestone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Once per trial, over every step.
    public TrialSummary Summarize(TrialRun run, TimeSpan lastClose)
    {
        var timeline = run.Timeline;
        var scheduler = timeline.Scheduler;
        var count = _plan.Plan.Operations.Length;
        var durations = new TimeSpan[count];
        var failed = new int[count];
        var firstStart = new TimeSpan[count];
        Array.Fill(firstStart, TimeSpan.MaxValue);
        var start = timeline.Start;
        for (var index = 0; index < _operation.Length; index++)
        {
            var operation = _operation[index];
            if (operation < 0 || scheduler.AttemptOf(index) == 0)
            {
                continue;
            }

            if (start[index] < firstStart[operation])
            {
                firstStart[operation] = start[index];
            }

            if (_hasTarget[index] && scheduler.StateOf(index) == StepState.Failed)
            {
                failed[operation]++;
            }
        }

        foreach (var operation in _plan.Operations)
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
        return new TrialSummary(timeline.Makespan, durations, failed, run.Interventions, fits, breached, scheduler.AttemptsStarted);
    }
}
