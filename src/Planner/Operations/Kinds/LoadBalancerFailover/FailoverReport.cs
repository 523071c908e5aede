using System.Collections.Immutable;
using Planner.Reports;
using Planner.Scheduling;

namespace Planner.Operations.Kinds;

/// <summary>Rockoon's failover statistics: the LB ids per SUCCESS / FAILED / RECOVERY_FAILED / SKIPPED / CANCELLED.</summary>
internal static class FailoverReport
{
    public static KindReport Of(ReportInput input)
    {
        var targets = input.Targets;
        ImmutableArray<string> With(TargetStatus status) => [.. targets.Where(t => t.Status == status).Select(t => t.Id)];
        var notNeeded = FollowUpsNotNeeded(input);
        var skipped = With(TargetStatus.Skipped);
        ImmutableArray<string> notHandled = [.. skipped.Where(id => !notNeeded.Contains(id))];
        var statistics = new FailoverStatistics(With(TargetStatus.Success), With(TargetStatus.Failed), With(TargetStatus.RecoveryFailed),
            [.. input.Operation.Skipped.Select(s => s.Id), .. skipped], With(TargetStatus.Cancelled), notHandled);
        return KindReport.None with { Failover = statistics };
    }

    // Follow-ups (select afterRotation: failed) whose source did not fail were skipped by design, not left unhandled.
    private static HashSet<string> FollowUpsNotNeeded(ReportInput input)
    {
        var graph = input.Plan.Graph;
        var scheduler = input.Timeline.Scheduler;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var index = input.Operation.StartStep; index <= input.Operation.DoneStep; index++)
        {
            var step = graph.Steps[index];
            if (step is { RunsIfFailed: >= 0, TargetId: { } id } && step.Operation == input.Operation.Index
                && scheduler.StateOf(index) == StepState.Skipped && scheduler.StateOf(step.RunsIfFailed) != StepState.Failed)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
