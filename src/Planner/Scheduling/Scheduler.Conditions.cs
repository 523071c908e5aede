using Planner.Graph;

namespace Planner.Scheduling;

/// <summary>Conditional steps (<see cref="Step.RunsIfFailed"/>): a follow-up runs only where its source failed.</summary>
public sealed partial class Scheduler
{
    // The "source succeeded" reason by follow-up step, kept across Reset.
    private string?[]? _succeededReasons;

    /// <summary>Why a ready conditional step is not needed (its source did not fail), or null when it runs (or is not conditional).</summary>
    private string? FollowUpNotNeeded(int step)
    {
        var source = _graph.Steps[step].RunsIfFailed;
        if (source < 0)
        {
            return null;
        }

        var state = _progress[source].State;
        var id = _graph.Steps[source].Id;
        return state switch
        {
            StepState.Failed => null,
            // The common case, once per step for all the runs of this scheduler: Monte Carlo trials of a 100k-LB rotation
            // made 100,000 of these per trial, kept until the next trial and so promoted, which put the plan over 500 MB.
            StepState.Succeeded => (_succeededReasons ??= new string?[_graph.Steps.Length])[step] ??= $"not needed: {id} succeeded (SUCCESS)",
            StepState.Cancelled => $"not needed: {id} was cancelled, the target is gone (CANCELLED)",
            StepState.Skipped or StepState.NotRun => $"not needed: {id} was not run (SKIPPED)",
            // Validation makes a follow-up need its source's operation; a graph without that edge must not fail anything over twice.
            _ => $"not run: {id} had not finished when this follow-up became ready",
        };
    }
}
