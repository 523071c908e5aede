using System.Collections.Immutable;
using Planner.Graph;
using Planner.Operations;
using Planner.Plans;
using Planner.Scheduling;

namespace Planner.Reports;

/// <summary>Reads each target's end from a run: the chain of steps it went through and the state of the deciding one.</summary>
public static class TargetResults
{
    public static ImmutableArray<TargetResult> Of(ResolvedPlan plan, ExpandedOperation operation, RunTimeline timeline, IReadOnlySet<string> targetsInError)
    {
        var chains = Chains(plan.Graph, operation);
        var results = ImmutableArray.CreateBuilder<TargetResult>(operation.Targets.Length);
        foreach (var target in operation.Targets)
        {
            results.Add(chains.TryGetValue(target.Id, out var chain)
                ? Read(target.Id, target.Name, chain, timeline, targetsInError.Contains(target.Id))
                : new TargetResult(target.Id, target.Name, TargetStatus.Skipped, StepState.Pending, 0, null, null, null));
        }

        return results.MoveToImmutable();
    }

    /// <summary>The state of an operation as a whole: failed, cancelled, stopped (some never ran), not_run, or succeeded.</summary>
    public static string OperationState(ResolvedPlan plan, ExpandedOperation operation, Scheduler scheduler)
    {
        bool failed = false, cancelled = false, unrun = false, ran = false;
        for (var index = operation.StartStep; index <= operation.DoneStep; index++)
        {
            if (plan.Graph.Steps[index] is not { Kind: not StepKind.Milestone } step || step.Operation != operation.Index)
            {
                continue;
            }

            var state = scheduler.StateOf(index);
            failed |= state == StepState.Failed;
            cancelled |= state == StepState.Cancelled;
            unrun |= state is StepState.NotRun or StepState.Skipped or StepState.Pending or StepState.Ready;
            ran |= scheduler.AttemptOf(index) > 0;
        }

        return failed ? "failed" : cancelled ? "cancelled" : unrun ? (ran ? "stopped" : "not_run") : "succeeded";
    }

    private static TargetResult Read(string id, string name, List<int> chain, RunTimeline timeline, bool wasInError)
    {
        var scheduler = timeline.Scheduler;
        var deciding = chain.FirstOrDefault(s => scheduler.StateOf(s) != StepState.Succeeded, chain[^1]);
        var state = scheduler.StateOf(deciding);
        var status = state switch
        {
            StepState.Succeeded => TargetStatus.Success,
            StepState.Failed => wasInError ? TargetStatus.RecoveryFailed : TargetStatus.Failed,
            StepState.Cancelled => TargetStatus.Cancelled,
            _ => TargetStatus.Skipped,
        };
        var ran = chain.Where(s => scheduler.AttemptOf(s) > 0).ToList();
        var details = chain.Select(scheduler.ReasonOf).Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal);
        var detail = string.Join("; ", details);
        return new TargetResult(id, name, status, state, scheduler.AttemptOf(deciding),
            ran.Count > 0 ? timeline.Start[ran[0]] : null,
            ran.Count > 0 ? timeline.Finish[ran[^1]] : null,
            detail.Length > 0 ? detail : null);
    }

    private static Dictionary<string, List<int>> Chains(ExecutionGraph graph, ExpandedOperation operation)
    {
        var chains = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var index = operation.StartStep; index <= operation.DoneStep; index++)
        {
            var step = graph.Steps[index];
            if (step.Operation == operation.Index && step.TargetId is { } target)
            {
                if (!chains.TryGetValue(target, out var chain))
                {
                    chains[target] = chain = [];
                }

                chain.Add(index);
            }
        }

        return chains;
    }
}
