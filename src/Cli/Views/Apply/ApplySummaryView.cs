using Executor.Apply;
using Planner.Events;
using Planner.Graph;
using Planner.Plans;

namespace Cli.Views.Apply;

/// <summary>The end of an apply: how it ended, per operation how many targets reached each state, and what to do next.</summary>
internal static class ApplySummaryView
{
    public static void Write(TextWriter output, ResolvedPlan plan, ApplyResult result, string journalPath)
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
        output.WriteLine(NextStep(result.Outcome, journalPath));
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
