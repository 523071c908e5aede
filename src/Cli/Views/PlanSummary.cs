using Planner.Estimation;
using Planner.Plans;
using Simulator.Behaviour;

namespace Cli.Views;

/// <summary>
/// The review summary of a plan as rows of a two-column table, so the Markdown comment and the HTML page list the
/// same facts in the same order.
/// </summary>
internal static class PlanSummary
{
    /// <summary>One row: <paramref name="Fits"/> adds a verdict mark, <paramref name="Strong"/> is an emphasised lead before the value, <paramref name="Code"/> sets the value as code.</summary>
    public sealed record Row(string Name, string Value, bool? Fits = null, string? Strong = null, bool Code = false);

    public static IEnumerable<Row> Rows(ResolvedPlan plan, IReadOnlyDictionary<string, BehaviourFile> behaviourFiles, PlanDistribution? distribution, FitQuantile fitAt)
    {
        var metadata = plan.Plan.Metadata;
        var estimate = plan.Estimate;
        yield return new("Change", metadata.Change ?? "—");
        yield return new("Owner", metadata.Owner ?? "—");
        foreach (var (window, i) in plan.Plan.Windows.Select((w, i) => (w, i)))
        {
            yield return new($"Window {i + 1}", $"{Fmt.Time(window.Start)} to {Fmt.Time(window.End)} ({Fmt.Duration(window.Duration)}, cutoff {Fmt.Duration(window.Cutoff)})");
        }

        yield return new("Expected duration", $"(arithmetic; pessimistic {Fmt.Duration(estimate.Pessimistic)})", Strong: Fmt.Duration(estimate.Expected));
        yield return new("Window fit", PlanReview.WindowVerdict(plan), estimate.Window.Fits);
        if (estimate.Window.FitsWith is { } fix)
        {
            yield return new("To fit", PlanReview.FixAdvice(fix));
        }

        if (distribution is not null)
        {
            yield return new("Simulated duration", PlanReview.Quantiles(distribution));
            yield return new("Chance to fit", PlanReview.WindowChances(plan, distribution));
        }

        yield return new("Exit code", PlanReview.ExitCodeRule(plan, distribution, fitAt), PlanReview.FitsForExitCode(plan, distribution));
        yield return new("Operator gates", estimate.OperatorGates.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var line in Commands.BehaviourInput.Lines(behaviourFiles, plan.Origin(DateTimeOffset.UnixEpoch)))
        {
            yield return new("Behaviour", line);
        }

        foreach (var line in PlanReview.ImpactLines(plan))
        {
            var split = line.IndexOf(' ', StringComparison.Ordinal);
            yield return new($"Impact: {line[..split]}", line[split..].Trim());
        }

        yield return new("Plan sha256", plan.Sha256, Code: true);
    }
}
