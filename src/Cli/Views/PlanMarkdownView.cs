using Planner.Estimation;
using Planner.Operations;
using Planner.Plans;
using Simulator.Behaviour;

namespace Cli.Views;

/// <summary>
/// <c>--format markdown</c>: a change-review comment. A summary table first, then one section per operation;
/// long lists sit in collapsed &lt;details&gt; blocks so the comment stays short.
/// </summary>
internal sealed class PlanMarkdownView : IPlanView
{
    /// <summary>The behaviour files of the plan's clusters (<c>--behaviour</c>, or named by a cluster file), by cluster.</summary>
    public IReadOnlyDictionary<string, BehaviourFile> BehaviourFiles { get; init; } = new Dictionary<string, BehaviourFile>();

    /// <summary>The simulated makespan (null: none computed, <c>--trials 0</c>).</summary>
    public PlanDistribution? Distribution { get; init; }

    /// <summary>Where <c>--detailed-exitcode</c> judges the fit (<c>--fit-at</c>).</summary>
    public FitQuantile FitAt { get; init; } = FitQuantile.Default;

    private const int MaxListed = 200;

    public void Render(ResolvedPlan plan, TextWriter writer)
    {
        var estimate = plan.Estimate;
        writer.WriteLine($"## Maintenance plan `{plan.Plan.Metadata.Name}`");
        writer.WriteLine();
        writer.WriteLine($"| | |");
        writer.WriteLine($"|---|---|");
        foreach (var row in PlanSummary.Rows(plan, BehaviourFiles, Distribution, FitAt))
        {
            var verdict = row.Fits is { } fits ? fits ? "✅ " : "❌ " : "";
            var strong = row.Strong is null ? "" : $"**{row.Strong}** ";
            writer.WriteLine($"| {row.Name} | {verdict}{strong}{(row.Code ? $"`{row.Value}`" : Cell(row.Value))} |");
        }

        writer.WriteLine();
        writer.WriteLine("| # | Operation | Kind | Targets | At once | Start | End | Expected |");
        writer.WriteLine("|---|---|---|---|---|---|---|---|");
        var number = 0;
        foreach (var operation in PlanReview.InOrder(plan))
        {
            var timing = PlanReview.Timing(plan, operation);
            writer.WriteLine($"| {++number} | `{operation.Spec.Id}` | `{operation.Spec.Uses}` | {Fmt.Count(operation.Targets.Length)} | {operation.Concurrency} | {Fmt.Offset(timing.Start)} | {Fmt.Offset(timing.Finish)} | {Fmt.Duration(timing.Duration)} |");
        }

        writer.WriteLine();
        writer.WriteLine($"Critical path: {string.Join(" → ", estimate.CriticalPath.Select(p => $"`{p.Operation}` ({Fmt.Duration(p.Duration)})"))}");
        foreach (var operation in PlanReview.InOrder(plan))
        {
            WriteOperation(operation, PlanReview.Timing(plan, operation), writer);
        }

        if (plan.Estimate.RateControl is not null)
        {
            writer.WriteLine();
            writer.WriteLine("### Rate control");
            writer.WriteLine();
            writer.WriteLine("Expected makespan with and without each budget and each operation's waves:");
            writer.WriteLine();
            foreach (var line in PlanReview.RateControlLines(plan))
            {
                writer.WriteLine(line.StartsWith(' ') ? $"  - {Cell(line.Trim())}" : $"- {Cell(line)}");
            }
        }

        if (plan.Warnings.Length > 0)
        {
            writer.WriteLine();
            writer.WriteLine("### Warnings");
            writer.WriteLine();
            foreach (var warning in plan.Warnings)
            {
                writer.WriteLine($"- `{warning.Headline}`");
            }
        }
    }

    private static void WriteOperation(ExpandedOperation operation, Planner.Estimation.OperationTiming timing, TextWriter writer)
    {
        var spec = operation.Spec;
        writer.WriteLine();
        writer.WriteLine($"### `{spec.Id}` — `{spec.Uses}`");
        writer.WriteLine();
        if (spec.Description is { } description)
        {
            writer.WriteLine(Cell(description));
            writer.WriteLine();
        }

        writer.WriteLine($"{Cell(PlanReview.Shape(operation, timing))}.{(spec.Needs.IsEmpty ? "" : $" Needs {string.Join(", ", spec.Needs.Select(n => $"`{n.Value}`"))}.")}");
        writer.WriteLine();
        foreach (var note in operation.Notes)
        {
            writer.WriteLine($"> {Cell(note)}");
            writer.WriteLine();
        }

        writer.WriteLine("| Setting | Value | Source |");
        writer.WriteLine("|---|---|---|");
        foreach (var setting in operation.Settings)
        {
            writer.WriteLine($"| {setting.Name} | {Cell(setting.Value)} | {(setting.IsDefault ? $"default{(setting.Origin is null ? "" : $" ({Cell(setting.Origin)})")}" : "plan")} |");
        }

        foreach (var table in operation.Tables)
        {
            writer.WriteLine();
            Details(writer, $"{table.Title} ({table.Rows.Length})", table.Rows.Length > 10, () =>
            {
                writer.WriteLine($"| {string.Join(" | ", table.Header)} |");
                writer.WriteLine($"|{string.Concat(table.Header.Select(_ => "---|"))}");
                foreach (var row in table.Rows.Take(MaxListed))
                {
                    writer.WriteLine($"| {string.Join(" | ", row.Select(Cell))} |");
                }

                More(writer, table.Rows.Length);
            });
        }

        if (operation.Targets.Length > 0)
        {
            writer.WriteLine();
            Details(writer, $"Targets ({Fmt.Count(operation.Targets.Length)})", operation.Targets.Length > 10, () =>
            {
                foreach (var target in operation.Targets.Take(MaxListed))
                {
                    writer.WriteLine(target.Id == target.Name ? $"- `{target.Name}`" : $"- `{target.Name}` (`{target.Id}`)");
                }

                More(writer, operation.Targets.Length);
            });
        }

        if (operation.Skipped.Length > 0)
        {
            writer.WriteLine();
            Details(writer, $"Skipped ({Fmt.Count(operation.Skipped.Length)})", true, () =>
            {
                writer.WriteLine("| Target | Reason |");
                writer.WriteLine("|---|---|");
                foreach (var skipped in operation.Skipped.Take(MaxListed))
                {
                    writer.WriteLine($"| `{skipped.Name}` | {Cell(skipped.Reason)} |");
                }

                More(writer, operation.Skipped.Length);
            });
        }
    }

    private static void Details(TextWriter writer, string summary, bool collapsed, Action body)
    {
        if (collapsed)
        {
            writer.WriteLine($"<details><summary>{summary}</summary>");
            writer.WriteLine();
        }
        else
        {
            writer.WriteLine($"**{summary}**");
            writer.WriteLine();
        }

        body();
        if (collapsed)
        {
            writer.WriteLine();
            writer.WriteLine("</details>");
        }
    }

    private static void More(TextWriter writer, int total)
    {
        if (total > MaxListed)
        {
            writer.WriteLine();
            writer.WriteLine($"… and {Fmt.Count(total - MaxListed)} more (see the JSON plan).");
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
