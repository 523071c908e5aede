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
        var uses = operation.Spec.Uses;
        return new OperationReport(
            operation,
            TargetResults.OperationState(plan, operation, timeline.Scheduler),
            targets,
            counts,
            uses == "octavia.loadbalancer-failover" ? Failover(operation, targets) : null,
            uses == "dcmanager.kube-rootca-update" ? Strategy(plan, operation, targets, timeline, origin) : null,
            uses == "mosk.cluster-update" ? Nodes(operation, targets, origin) : []);
    }

    private static FailoverStatistics Failover(ExpandedOperation operation, ImmutableArray<TargetResult> targets)
    {
        ImmutableArray<string> With(TargetStatus status) => [.. targets.Where(t => t.Status == status).Select(t => t.Id)];
        var notHandled = With(TargetStatus.Skipped);
        return new FailoverStatistics(With(TargetStatus.Success), With(TargetStatus.Failed), With(TargetStatus.RecoveryFailed),
            [.. operation.Skipped.Select(s => s.Id), .. notHandled], With(TargetStatus.Cancelled), notHandled);
    }

    private static StrategyReport Strategy(ResolvedPlan plan, ExpandedOperation operation, ImmutableArray<TargetResult> targets, RunTimeline timeline, DateTimeOffset origin)
    {
        var scheduler = timeline.Scheduler;
        var stopOnFailure = Setting(operation, "stopOnFailure") == "true";
        var stoppedByPolicy = operation.Policy.IsBreached(scheduler.FailuresOf(operation.Index), operation.Targets.Length) && operation.Policy.Action == Model.PolicyAction.Stop;
        var rows = targets.Select(t => t.State switch
        {
            StepState.Succeeded => new StrategyStepRow(t.Name, "Complete", "complete", "", origin + t.Started, origin + t.Finished),
            StepState.Failed or StepState.Cancelled => new StrategyStepRow(t.Name, "Apply", "failed",
                $"applying vim kube rootca update strategy: Failed for subcloud {t.Name}: {t.Detail ?? "failed"}", origin + t.Started, origin + t.Finished),
            StepState.NotRun when !stoppedByPolicy => new StrategyStepRow(t.Name, "Create", "aborted", "", null, null),
            StepState.Running or StepState.WaitingRetry => new StrategyStepRow(t.Name, "Apply", "applying vim kube rootca update strategy", "", origin + t.Started, null),
            _ => new StrategyStepRow(t.Name, "Create", "initial", "", null, null),
        }).ToImmutableArray();
        var state = rows.Any(r => r.State == "failed") ? "failed"
            : rows.Any(r => r.State == "aborted") ? "aborted"
            : rows.All(r => r.State == "complete") ? "complete"
            : rows.All(r => r.State == "initial") ? "initial"
            : "applying";
        var created = origin + timeline.Finish[operation.StartStep];
        var updated = rows.Select(r => r.FinishedAt ?? r.StartedAt ?? created).DefaultIfEmpty(created).Max();
        var maxParallel = int.TryParse(Setting(operation, "maxParallelSubclouds"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : operation.Concurrency;
        return new StrategyReport("kube-rootca-update", Setting(operation, "subcloudApplyType") ?? "parallel", maxParallel, stopOnFailure, state, created, updated, rows);
    }

    private static ImmutableArray<NodeUpdateRow> Nodes(ExpandedOperation operation, ImmutableArray<TargetResult> targets, DateTimeOffset origin)
    {
        // The planner's node table already says each node's roles and policy, in update order.
        var table = operation.Tables.FirstOrDefault(t => t.Title.StartsWith("Nodes", StringComparison.Ordinal));
        var facts = table?.Rows.ToDictionary(r => r[0], r => (Roles: r[1], Policy: r[3]), StringComparer.Ordinal) ?? [];
        return [.. targets.Select(t =>
        {
            var (roles, policy) = facts.GetValueOrDefault(t.Name, ("", ""));
            return new NodeUpdateRow(t.Name, roles, policy, StateWord(t.State), t.Attempts, origin + t.Started, origin + t.Finished, t.Detail ?? "");
        })];
    }

    private static string StateWord(StepState state) => state switch
    {
        StepState.Succeeded => "updated",
        StepState.NotRun => "not_run",
        StepState.WaitingRetry => "waiting_retry",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string? Setting(ExpandedOperation operation, string name) => operation.Settings.FirstOrDefault(s => s.Name == name)?.Value;
}
