using Planner.Plans;

namespace Cli.Views;

/// <summary>The operation-level graph the Mermaid and DOT views draw: one node per operation, edges from needs.</summary>
internal static class PlanGraphModel
{
    public static IEnumerable<(string Id, string Label)> Nodes(ResolvedPlan plan) =>
        PlanReview.InOrder(plan).Select(o =>
        {
            var timing = PlanReview.Timing(plan, o);
            var targets = o.Targets.Length == 0 ? "1 step"
                : timing.FollowUp is { } followUp ? $"{Fmt.Count(o.Targets.Length)} candidates ({Fmt.Count(followUp.Expected)} expected), {o.Concurrency} at once"
                : $"{Fmt.Count(o.Targets.Length)} targets, {o.Concurrency} at once";
            return (o.Spec.Id, $"{o.Spec.Id}\n{o.Spec.Uses}\n{targets}\n{Fmt.Offset(timing.Start)} to {Fmt.Offset(timing.Finish)}");
        });

    public static IEnumerable<(string From, string To)> Edges(ResolvedPlan plan) =>
        PlanReview.InOrder(plan).SelectMany(o => o.Spec.Needs.Select(n => (n.Value, o.Spec.Id)));

    public static IReadOnlySet<string> Critical(ResolvedPlan plan) =>
        plan.Estimate.CriticalPath.Select(p => p.Operation).ToHashSet(StringComparer.Ordinal);
}
