using System.Collections.Immutable;
using System.Globalization;
using Planner.Reports;
using Planner.Scheduling;

namespace Planner.Operations.Kinds;

/// <summary>dcmanager's view of a run: <c>strategy show</c> and the per-subcloud <c>strategy-step list</c>.</summary>
internal static class StrategyReportBuilder
{
    public static KindReport Of(ReportInput input)
    {
        var (operation, timeline, origin) = (input.Operation, input.Timeline, input.Origin);
        var scheduler = timeline.Scheduler;
        var stopOnFailure = input.Setting("stopOnFailure") == "true";
        var stoppedByPolicy = operation.Policy.IsBreached(scheduler.FailuresOf(operation.Index), operation.Targets.Length) && operation.Policy.Action == Model.PolicyAction.Stop;
        var rows = input.Targets.Select(t => t.State switch
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
        var maxParallel = int.TryParse(input.Setting("maxParallelSubclouds"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : operation.Concurrency;
        var strategy = new StrategyReport("kube-rootca-update", input.Setting("subcloudApplyType") ?? "parallel", maxParallel, stopOnFailure, state, created, updated, rows);
        return KindReport.None with { Strategy = strategy };
    }
}
