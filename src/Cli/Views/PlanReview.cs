using Planner.Diagnostics;
using Planner.Estimation;
using Planner.Operations;
using Planner.Plans;

namespace Cli.Views;

/// <summary>The sentences the text and Markdown views share, so both say the same thing the same way.</summary>
internal static class PlanReview
{
    public static IEnumerable<ExpandedOperation> InOrder(ResolvedPlan plan) => plan.Operations.OrderBy(o => o.StartStep);

    public static OperationTiming Timing(ResolvedPlan plan, ExpandedOperation operation) =>
        plan.Estimate.Operations.First(t => t.Operation == operation.Index);

    /// <summary>"24 targets (4 skipped), 5 at once, 1m each, 7 attempts; pause for the operator when failures > 3".</summary>
    /// A follow-up (select afterRotation: failed) says how many of its candidates run: "28 candidates (2 skipped), 0 expected to run, 28 at worst".
    public static string Shape(ExpandedOperation operation, OperationTiming? timing = null)
    {
        var targets = operation.Targets.Length;
        var parts = new List<string>();
        if (targets > 0 && timing?.FollowUp is { } followUp)
        {
            parts.Add($"{DiagnosticText.Plural(targets, "candidate")}{(operation.Skipped.Length > 0 ? $" ({Fmt.Count(operation.Skipped.Length)} skipped)" : "")}");
            parts.Add($"{Fmt.Count(followUp.Expected)} expected to run, {Fmt.Count(followUp.Pessimistic)} at worst");
            parts.Add($"{operation.Concurrency} at once");
            parts.Add($"{Fmt.Duration(operation.PerTarget)} each");
        }
        else if (targets > 0)
        {
            parts.Add($"{DiagnosticText.Plural(targets, "target")}{(operation.Skipped.Length > 0 ? $" ({Fmt.Count(operation.Skipped.Length)} skipped)" : "")}");
            parts.Add($"{operation.Concurrency} at once");
            parts.Add($"{Fmt.Duration(operation.PerTarget)} each");
        }
        else
        {
            parts.Add($"one step, {Fmt.Duration(operation.PerTarget)}");
        }

        parts.Add(operation.Policy.Describe());
        return string.Join(", ", parts);
    }

    /// <summary>How many of a shell.run's per-target commands the text review shows; the saved plan has them all.</summary>
    public const int CommandsShown = 3;

    /// <summary>
    /// The first commands a per-target shell.run will run, as rendered (quoted) for review, and how many more there are.
    /// Empty for other kinds, whose step details are notes rather than what runs.
    /// </summary>
    public static IEnumerable<string> RenderedCommands(ResolvedPlan plan, ExpandedOperation operation)
    {
        if (Planner.Operations.OperationKinds.Find(operation.Spec.Uses) is not Planner.Operations.Kinds.ShellRunKind)
        {
            return [];
        }

        var commands = Enumerable.Range(operation.StartStep, operation.DoneStep - operation.StartStep + 1)
            .Select(i => plan.Graph.Steps[i])
            .Where(s => s.Kind == Planner.Graph.StepKind.Action && s.Detail is not null)
            .Select(s => $"{s.TargetName}: {s.Detail}")
            .ToList();
        return commands.Count <= CommandsShown
            ? commands
            : [.. commands.Take(CommandsShown), $"… and {Fmt.Count(commands.Count - CommandsShown)} more (every command is in the saved plan: mplan plan --out)"];
    }

    /// <summary>What a one-step operation will do (a rendered command, a gate's message), for review.</summary>
    public static string? SingleStepDetail(ResolvedPlan plan, ExpandedOperation operation) =>
        Enumerable.Range(operation.StartStep, operation.DoneStep - operation.StartStep + 1)
            .Select(i => plan.Graph.Steps[i])
            .LastOrDefault(s => s.Kind != Planner.Graph.StepKind.Milestone)?.Detail;

    public static string WindowVerdict(ResolvedPlan plan)
    {
        var window = plan.Estimate.Window;
        if (plan.Plan.Windows.Length == 0)
        {
            return "no window given";
        }

        var pessimistic = window.PessimisticFits ? "the pessimistic bound fits too" : "the pessimistic bound does not fit";
        return window.Fits
            ? $"fits window {window.FinishesInWindow} with {Fmt.Duration(window.Slack)} to spare; {pessimistic}"
            : $"DOES NOT FIT: {Fmt.Duration(-window.Slack)} past the end of the last window{(window.StartsAfterCutoff ? ", with steps starting after the cutoff" : "")}";
    }

    /// <summary>The guide's arithmetic for an operation over targets: "ceil(1,000/5) x 1m = 3h20m"; null for one-step operations and follow-ups.</summary>
    public static string? Arithmetic(ExpandedOperation operation, OperationTiming timing)
    {
        if (operation.Targets.Length == 0 || timing.FollowUp is not null)
        {
            return null;
        }

        var rounds = (operation.Targets.Length + operation.Concurrency - 1) / Math.Max(1, operation.Concurrency);
        return $"ceil({Fmt.Count(operation.Targets.Length)}/{operation.Concurrency}) x {Fmt.Duration(operation.PerTarget)} = {Fmt.Duration(operation.PerTarget * rounds)}";
    }

    /// <summary>"p50 4h29m, p90 4h35m, p99 4h41m over 500 trials (seed 1)".</summary>
    public static string Quantiles(PlanDistribution distribution) =>
        $"p50 {Fmt.Duration(distribution.P50)}, p90 {Fmt.Duration(distribution.P90)}, p99 {Fmt.Duration(distribution.P99)} " +
        $"over {DiagnosticText.Plural(distribution.Trials, "trial")} (seed {distribution.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}" +
        $"{(distribution.TrialsNote is { } note ? $"; {note}" : "")})";

    /// <summary>"fits window 1 in 0% of trials" (several windows: by the end of each).</summary>
    public static string WindowChances(ResolvedPlan plan, PlanDistribution distribution)
    {
        if (plan.Plan.Windows.Length == 0)
        {
            return "no window given";
        }

        var stopped = distribution.StoppedShare > 0 ? $"; a failure policy stopped {Percent(distribution.StoppedShare)}" : "";
        return (plan.Plan.Windows.Length == 1
            ? $"fits window 1 in {Percent(distribution.WindowFits[0])} of trials"
            : "fits " + string.Join(", ", distribution.WindowFits.Select((p, i) => $"by the end of window {i + 1} in {Percent(p)}")) + " of trials") + stopped;
    }

    /// <summary>Whether the plan fits its windows where <c>--detailed-exitcode</c> judges it: the quantile chosen, or the arithmetic.</summary>
    public static bool FitsForExitCode(ResolvedPlan plan, PlanDistribution? distribution) =>
        distribution is { FitAt.IsArithmetic: false } ? distribution.FitsAtQuantile : plan.Estimate.Window.Fits;

    /// <summary>Which figure the exit code used and what it says: "p90 (4h35m): does not fit, so --detailed-exitcode exits 2".</summary>
    public static string ExitCodeRule(ResolvedPlan plan, PlanDistribution? distribution, FitQuantile fitAt)
    {
        var fits = FitsForExitCode(plan, distribution);
        var verdict = fits ? "fits, so --detailed-exitcode exits 0" : "does not fit, so --detailed-exitcode exits 2";
        if (distribution is null || fitAt.IsArithmetic)
        {
            var why = fitAt.IsArithmetic ? "--fit-at expected" : $"no trials to take {fitAt.Name} from (--trials 0)";
            return $"the arithmetic ({Fmt.Duration(plan.Estimate.Expected)}; {why}): {verdict}";
        }

        return $"{fitAt.Name} ({Fmt.Duration(distribution.Quantile(fitAt.Share!.Value))}; --fit-at {fitAt.Name}, " +
            $"at least {Percent(fitAt.Share.Value)} of trials must fit, {Percent(distribution.FitProbability)} do): {verdict}";
    }

    public static string Percent(double share) => $"{Math.Round(share * 100, 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}%";

    public static string FixAdvice(ConcurrencyFix fix) =>
        fix.Needed is { } needed
            ? $"raise {fix.Operation} concurrency from {fix.Current} to at least {needed}"
            : $"no concurrency of {fix.Operation} is enough: add a window or split the plan";

    public static IEnumerable<string> ImpactLines(ResolvedPlan plan)
    {
        var impact = plan.Estimate.Impact;
        if (impact.TargetsWithDowntime > 0)
        {
            yield return $"downtime     {Fmt.Duration(impact.TotalDowntime)} in total over {DiagnosticText.Plural(impact.TargetsWithDowntime, "target")}; at most {impact.MaxTargetsDownAtOnce} down at once";
        }
        else
        {
            yield return "downtime     none declared";
        }

        yield return impact.MaxNodesInMaintenanceAtOnce > 0
            ? $"maintenance  at most {DiagnosticText.Plural(impact.MaxNodesInMaintenanceAtOnce, "node")} in maintenance at once"
            : "maintenance  no node goes into maintenance";
        foreach (var budget in plan.Estimate.RateControl?.Budgets ?? [])
        {
            var group = budget.PeakGroup.Length > 0 ? $" ({budget.Per} {budget.PeakGroup})" : "";
            yield return $"budgets      at most {budget.PeakInFlight} of one {budget.Per} down at once{group}: the budget ({BudgetScope(budget)}) allows {Limits(budget)}";
        }
    }

    /// <summary>Each budget and its cost, each operation's waves and theirs: the "Rate control" section of text and Markdown.</summary>
    public static IEnumerable<string> RateControlLines(ResolvedPlan plan)
    {
        var rate = plan.Estimate.RateControl;
        foreach (var budget in rate?.Budgets ?? [])
        {
            yield return $"budget  {BudgetScope(budget)}: {Fmt.Count(budget.Groups)} group(s), {Limits(budget)} at once; " +
                $"expected {Fmt.Duration(budget.Expected)}, {Fmt.Duration(budget.ExpectedWithout)} without it ({Cost(budget.Expected - budget.ExpectedWithout)})";
        }

        foreach (var waves in rate?.Waves ?? [])
        {
            var canary = waves.CanaryTargets > 0 ? $"canary of {waves.CanaryTargets}{(waves.CanaryGate ? " then an operator gate" : "")}, then " : "";
            var steps = waves.Steps.IsEmpty ? "the rest" : $"waves of {string.Join(", ", waves.Steps)}, then the rest";
            var within = waves.WaveTimeout is { } limit ? $" (each within {Fmt.Duration(limit)})" : "";
            var fallback = waves.OnFailure == Planner.Model.PolicyAction.Stop ? "stops the run" : "pauses for the operator";
            yield return $"waves   {waves.Operation}: {canary}{steps}{within}; a failed wave {fallback}; " +
                $"expected {Fmt.Duration(waves.Expected)}, {Fmt.Duration(waves.ExpectedWithout)} without them ({Cost(waves.Expected - waves.ExpectedWithout)})";
            const int shown = 6;
            var timings = waves.Waves.Take(shown).Select((w, i) => $"wave {i + 1}: {DiagnosticText.Plural(w.Targets, "target")} {Fmt.Offset(w.Start)} to {Fmt.Offset(w.Finish)}");
            yield return $"        {string.Join("; ", timings)}{(waves.Waves.Length > shown ? $"; … {waves.Waves.Length - shown} more" : "")}";
        }
    }

    private static string BudgetScope(BudgetCost budget) => $"{budget.Scope} per {budget.Per}, max {budget.Max}";

    private static string Limits(BudgetCost budget) =>
        budget.SmallestLimit == budget.LargestLimit ? $"{budget.SmallestLimit} per {budget.Per}" : $"{budget.SmallestLimit} to {budget.LargestLimit} per {budget.Per}";

    private static string Cost(TimeSpan cost) => cost > TimeSpan.Zero ? $"costs {Fmt.Duration(cost)}" : "costs nothing";
}
