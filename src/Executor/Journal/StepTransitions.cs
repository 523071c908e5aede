using Planner.Events;

namespace Executor.Journal;

/// <summary>How each step event changes a step's row: the one rule the writer uses, so the step table always equals
/// a replay of the events.</summary>
internal static class StepTransitions
{
    /// <summary>The step row after <paramref name="e"/>; <paramref name="current"/> is null for a step not seen yet.</summary>
    public static JournalStep Apply(JournalStep? current, RunEvent e)
    {
        var step = current ?? new JournalStep(e.Step!, e.Operation ?? OperationOf(e.Step!), e.Target, JournalStepStates.Pending,
            0, false, null, null, null) { Position = int.MaxValue };
        return e.Kind switch
        {
            RunEventKind.StepStarted => step with
            {
                State = JournalStepStates.Running,
                Attempt = e.Attempt,
                Submitted = false,
                StartedAt = step.StartedAt ?? e.Time,
                FinishedAt = null,
            },
            RunEventKind.StepSubmitted => step with
            {
                State = JournalStepStates.Submitted,
                Attempt = e.Attempt,
                Submitted = true,
                Detail = e.Detail ?? step.Detail,
            },
            RunEventKind.StepRetrying => step with
            {
                State = JournalStepStates.WaitingRetry,
                Attempt = e.Attempt,
                Submitted = false,
                Detail = e.Detail,
            },
            RunEventKind.StepFinished => step with
            {
                State = e.State ?? throw new ArgumentException($"step_finished #{e.Sequence} has no state", nameof(e)),
                FinishedAt = e.Time,
                Detail = e.Detail,
            },
            _ => throw new ArgumentException($"{e.KindName} is not a step event", nameof(e)),
        };
    }

    public static bool IsStepEvent(RunEvent e) =>
        e.Step is not null && e.Kind is RunEventKind.StepStarted or RunEventKind.StepSubmitted or RunEventKind.StepRetrying or RunEventKind.StepFinished;

    /// <summary>The operation of a step id: operation ids are plan names, which never contain '/' or ':'.</summary>
    public static string OperationOf(string stepId)
    {
        var end = stepId.IndexOfAny(['/', ':']);
        return end < 0 ? stepId : stepId[..end];
    }
}
