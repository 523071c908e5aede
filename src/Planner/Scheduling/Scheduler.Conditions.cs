using Planner.Graph;

namespace Planner.Scheduling;

/// <summary>Conditional steps (<see cref="Step.RunsIfFailed"/>): a follow-up runs only where its source failed.</summary>
public sealed partial class Scheduler
{
    // Stands in a follow-up's reason for "its source succeeded", the common case: once per LB of a rotation in every run.
    // Its text is made only when someone reads it (ReasonOf, an observer). Made every time, the estimate's runs allocated
    // 100,000 of them each and the kept runs promoted them; a unique instance, compared by reference.
    private static readonly string SourceSucceededMark = new(['\u0000']);

    /// <summary>Why a ready conditional step is not needed (its source did not fail), or null when it runs (or is not conditional).</summary>
    private string? FollowUpNotNeeded(int step)
    {
        var source = _traits[step].RunsIfFailed;
        if (source < 0)
        {
            return null;
        }

        return _progress[source].State switch
        {
            StepState.Failed => null,
            StepState.Succeeded => Observer is null ? SourceSucceededMark : SourceSucceededReason(step),
            StepState.Cancelled => $"not needed: {_graph.Steps[source].Id} was cancelled, the target is gone (CANCELLED)",
            StepState.Skipped or StepState.NotRun => $"not needed: {_graph.Steps[source].Id} was not run (SKIPPED)",
            // Validation makes a follow-up need its source's operation; a graph without that edge must not fail anything over twice.
            _ => $"not run: {_graph.Steps[source].Id} had not finished when this follow-up became ready",
        };
    }

    private string SourceSucceededReason(int followUp) => $"not needed: {_graph.Steps[_traits[followUp].RunsIfFailed].Id} succeeded (SUCCESS)";
}
