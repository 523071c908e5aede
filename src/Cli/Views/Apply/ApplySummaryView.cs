using Executor.Apply;
using Planner.Events;
using Planner.Graph;
using Planner.Plans;
using Planner.Reports;

namespace Cli.Views.Apply;

/// <summary>The end of an apply: how it ended, per operation how many targets reached each state, and what to do next.</summary>
internal static class ApplySummaryView
{
    /// <param name="output">Where the summary goes.</param>
    /// <param name="plan">The plan that ran.</param>
    /// <param name="result">How it ended.</param>
    /// <param name="journalPath">The journal, for the next command to suggest.</param>
    /// <param name="runStart">The run's time zero on the wall clock.</param>
    public static void Write(TextWriter output, ResolvedPlan plan, ApplyResult result, string journalPath, DateTimeOffset runStart)
    {
        var scheduler = result.Timeline.Scheduler;
        output.WriteLine();
        output.WriteLine($"Run {Describe(result.Outcome)} after {Fmt.Duration(result.Timeline.Makespan)}{(result.Reason is null ? "" : $": {result.Reason}")}");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var operation in plan.Operations)
        {
            var counts = plan.Graph.Steps
                .Where(s => s.Operation == operation.Index && s.Kind != StepKind.Milestone)
                .GroupBy(s => RunEvent.StateName(scheduler.StateOf(s.Index)))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count()}");
            rows.Add([operation.Spec.Id, operation.Spec.Uses, string.Join(", ", counts)]);
        }

        TextTable.Write(output, ["operation", "uses", "steps"], rows, "  ");
        WriteFailoverStatistics(output, plan, result, runStart);
        output.WriteLine(NextStep(result.Outcome, journalPath));
    }

    // Rockoon's statistics block, as operators know it from the failover job, for each failover operation.
    private static void WriteFailoverStatistics(TextWriter output, ResolvedPlan plan, ApplyResult result, DateTimeOffset runStart)
    {
        var inError = plan.Clusters.SelectMany(c => c.LoadBalancers).Where(lb => lb.ProvisioningStatus == "ERROR").Select(lb => lb.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var report in OperationReports.Build(plan, result.Timeline, runStart, inError))
        {
            if (report.Failover is { } failover)
            {
                output.WriteLine();
                output.WriteLine($"{report.Operation.Spec.Id}:");
                RockoonStatisticsText.Write(output, failover, runStart + result.Timeline.Finish[report.Operation.DoneStep]);
                if (!failover.NotHandled.IsEmpty)
                {
                    output.WriteLine($"({failover.NotHandled.Length} of the SKIPPED were selected but never handled: the run stopped first; --resume handles them)");
                }
            }
        }
    }

    private static string Describe(ApplyOutcome outcome) => outcome switch
    {
        ApplyOutcome.Succeeded => "succeeded",
        ApplyOutcome.Failed => "finished with failures",
        ApplyOutcome.NeedsOperator => "paused: an operator must decide",
        ApplyOutcome.Aborted => "aborted",
        _ => "cancelled",
    };

    private static string NextStep(ApplyOutcome outcome, string journal) => outcome switch
    {
        ApplyOutcome.Succeeded => $"Journal: {journal}",
        ApplyOutcome.Failed => $"Inspect: mplan show {journal}",
        _ => $"Continue with: mplan apply --resume {journal}   (or look first: mplan show {journal})",
    };
}
