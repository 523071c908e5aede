using Planner.Diagnostics;
using Planner.Estimation;
using Planner.Operations;
using Planner.Plans;
using Simulator.Behaviour;

namespace Cli.Views;

/// <summary>
/// <c>--format text</c>: the plan for a terminal, read top to bottom like a good plan/diff tool: what, in which
/// order, how many at once, how long, whether it fits, what it breaks. Long target lists are summarised.
/// </summary>
internal sealed class PlanTextView : IPlanView
{
    /// <summary>The behaviour files of the plan's clusters (<c>--behaviour</c>, or named by a cluster file), by cluster.</summary>
    public IReadOnlyDictionary<string, BehaviourFile> BehaviourFiles { get; init; } = new Dictionary<string, BehaviourFile>();

    /// <summary>The simulated makespan (null: none computed, <c>--trials 0</c>).</summary>
    public PlanDistribution? Distribution { get; init; }

    /// <summary>Where <c>--detailed-exitcode</c> judges the fit (<c>--fit-at</c>).</summary>
    public FitQuantile FitAt { get; init; } = FitQuantile.Default;

    /// <summary>Whether to say what <c>plan --detailed-exitcode</c> would exit with (not in apply's review, which has no such option).</summary>
    public bool ExplainsExitCode { get; init; } = true;

    public void Render(ResolvedPlan plan, TextWriter writer)
    {
        var metadata = plan.Plan.Metadata;
        var estimate = plan.Estimate;
        writer.WriteLine($"Plan: {metadata.Name}{(metadata.Change is null ? "" : $" ({metadata.Change})")}{(metadata.Owner is null ? "" : $", owner {metadata.Owner}")}");
        writer.WriteLine($"  sha256 {plan.Sha256}");
        var roleWidth = plan.Inputs.Max(i => i.Role.Length);
        foreach (var input in plan.Inputs)
        {
            writer.WriteLine($"  {input.Role.PadRight(roleWidth)}  {input.Path}");
        }

        foreach (var line in Commands.BehaviourInput.Lines(BehaviourFiles, plan.Origin(DateTimeOffset.UnixEpoch)))
        {
            writer.WriteLine($"  behaviour of {line}");
        }

        writer.WriteLine();
        WriteWindows(plan, writer);
        writer.WriteLine();
        writer.WriteLine("Operations, in order (times from the first window's start):");
        var number = 0;
        foreach (var operation in PlanReview.InOrder(plan))
        {
            writer.WriteLine();
            WriteOperation(plan, operation, ++number, writer);
        }

        writer.WriteLine();
        writer.WriteLine("Estimate:");
        writer.WriteLine($"  expected     {Fmt.Duration(estimate.Expected)}  (arithmetic: the expected times, ceil(N/W) x t per operation; pessimistic {Fmt.Duration(estimate.Pessimistic)}: every attempt to its timeout)");
        writer.WriteLine($"  window       {PlanReview.WindowVerdict(plan)}");
        if (Distribution is { } distribution)
        {
            writer.WriteLine($"  simulated    {PlanReview.Quantiles(distribution)}: the behaviour model of mplan simulate");
            writer.WriteLine($"  chance       {PlanReview.WindowChances(plan, distribution)}");
        }

        if (ExplainsExitCode)
        {
            writer.WriteLine($"  exit code    {PlanReview.ExitCodeRule(plan, Distribution, FitAt)}");
        }
        if (estimate.Window.FitsWith is { } fix)
        {
            writer.WriteLine($"  to fit       {PlanReview.FixAdvice(fix)}");
        }

        writer.WriteLine($"  critical     {string.Join(" -> ", estimate.CriticalPath.Select(p => $"{p.Operation} ({DiagnosticText.Plural(p.Steps, "step")}, {Fmt.Duration(p.Duration)})"))}");
        writer.WriteLine($"  gates        {DiagnosticText.Plural(estimate.OperatorGates, "operator gate")}");
        writer.WriteLine();
        writer.WriteLine("Impact:");
        foreach (var line in PlanReview.ImpactLines(plan))
        {
            writer.WriteLine($"  {line}");
        }

        if (plan.Estimate.RateControl is not null)
        {
            writer.WriteLine();
            writer.WriteLine("Rate control (expected makespan with and without each):");
            foreach (var line in PlanReview.RateControlLines(plan))
            {
                writer.WriteLine($"  {line}");
            }
        }

        if (plan.Warnings.Length > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Warnings:");
            foreach (var warning in plan.Warnings)
            {
                writer.WriteLine($"  {warning.Headline}");
            }
        }
    }

    private static void WriteWindows(ResolvedPlan plan, TextWriter writer)
    {
        var index = 0;
        foreach (var window in plan.Plan.Windows)
        {
            var cutoff = window.Cutoff > TimeSpan.Zero ? $", no new starts in the last {Fmt.Duration(window.Cutoff)}" : "";
            writer.WriteLine($"Window {++index}{(window.Name is null ? "" : $" ({window.Name})")}: {Fmt.Time(window.Start)} to {Fmt.Time(window.End)} ({Fmt.Duration(window.Duration)}{cutoff})");
        }
    }

    private static void WriteOperation(ResolvedPlan plan, ExpandedOperation operation, int number, TextWriter writer)
    {
        var spec = operation.Spec;
        var timing = PlanReview.Timing(plan, operation);
        var needs = spec.Needs.IsEmpty ? "" : $"  needs {string.Join(", ", spec.Needs.Select(n => n.Value))}";
        writer.WriteLine($"{number}. {spec.Id}  [{spec.Uses}]{(operation.Cluster.Length > 0 ? $"  cluster {operation.Cluster}" : "")}{needs}");
        if (spec.Description is { } description)
        {
            writer.WriteLine($"   {description}");
        }

        writer.WriteLine($"   {PlanReview.Shape(operation, PlanReview.Timing(plan, operation))}");
        var arithmetic = PlanReview.Arithmetic(operation, timing) is { } formula ? $"; {formula}" : "";
        writer.WriteLine($"   {Fmt.Offset(timing.Start)} to {Fmt.Offset(timing.Finish)}  (expected {Fmt.Duration(timing.Duration)}{arithmetic}, pessimistic end {Fmt.Offset(timing.PessimisticFinish)})");
        if (operation.Targets.Length > 0)
        {
            writer.WriteLine($"   + {Fmt.Summarize([.. operation.Targets.Select(t => t.Name)])}");
            foreach (var line in PlanReview.RenderedCommands(plan, operation))
            {
                writer.WriteLine($"   > {line}");
            }
        }
        else if (PlanReview.SingleStepDetail(plan, operation) is { } detail)
        {
            writer.WriteLine($"   > {detail}");
        }

        foreach (var group in operation.Skipped.GroupBy(s => s.Reason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"   ~ skipped, {group.Key}: {Fmt.Summarize([.. group.Select(s => s.Name)], 3)}");
        }

        writer.WriteLine("   settings:");
        var width = operation.Settings.Max(s => s.Name.Length);
        foreach (var setting in operation.Settings)
        {
            var origin = setting.IsDefault ? $"  (default{(setting.Origin is null ? "" : $": {setting.Origin}")})" : "";
            writer.WriteLine($"     {setting.Name.PadRight(width)}  {setting.Value}{origin}");
        }

        foreach (var table in operation.Tables)
        {
            writer.WriteLine($"   {table.Title}:");
            TextTable.Write(writer, table.Header, [.. table.Rows.Select(r => (IReadOnlyList<string>)r)], "     ");
        }

        foreach (var note in operation.Notes)
        {
            writer.WriteLine($"   ! {note}");
        }
    }
}
