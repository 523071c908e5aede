using System.Collections.Immutable;
using System.Globalization;
using Planner.Operations;
using Planner.Plans;
using Planner.Scheduling;

namespace Planner.Reports;

/// <summary>
/// Builds every operation's report from a run's timeline: a simulated trial, or (later) apply's wall-clock run. Pure:
/// the same plan and timeline give the same reports.
/// </summary>
public static class OperationReports
{
    /// <param name="plan">The plan that ran.</param>
    /// <param name="timeline">The run: per-step times and the scheduler with each step's state, attempts and reason.</param>
    /// <param name="origin">The date of the run's time zero (the first window's start for a simulation).</param>
    /// <param name="targetsInError">Load balancers whose provisioning status was ERROR before their failover.</param>
    public static ImmutableArray<OperationReport> Build(ResolvedPlan plan, RunTimeline timeline, DateTimeOffset origin, IReadOnlySet<string> targetsInError) =>
        [.. plan.Operations.Select(o => Build(plan, o, timeline, origin, targetsInError))];

    public static OperationReport Build(ResolvedPlan plan, ExpandedOperation operation, RunTimeline timeline, DateTimeOffset origin, IReadOnlySet<string> targetsInError)
    {
        var targets = TargetResults.Of(plan, operation, timeline, targetsInError);
        var counts = new StatusCounts(
            targets.Count(t => t.Status == TargetStatus.Success),
            targets.Count(t => t.Status == TargetStatus.Failed),
            targets.Count(t => t.Status == TargetStatus.RecoveryFailed),
            targets.Count(t => t.Status == TargetStatus.Skipped) + operation.Skipped.Length,
            targets.Count(t => t.Status == TargetStatus.Cancelled));
        var kind = OperationKinds.For(operation.Spec.Uses).Report(new ReportInput(plan, operation, targets, timeline, origin));
        return new OperationReport(
            operation,
            TargetResults.OperationState(plan, operation, timeline.Scheduler),
            targets,
            counts,
            kind.Failover,
            kind.Strategy,
            kind.Nodes);
    }
}
