using System.Globalization;
using Planner.Diagnostics;
using Planner.Reports;
using Simulator.Engine;

namespace Cli.Views;

/// <summary>
/// <c>--format text</c>: trial 0 in detail (its verdict, its timeline, each operation's report in the words of the
/// tool operators know), then, for several trials, the Monte Carlo summary.
/// </summary>
internal sealed class SimulateTextView : ISimulateView
{
    public void Render(SimulationResult result, TextWriter writer)
    {
        var plan = result.Plan;
        var metadata = plan.Plan.Metadata;
        var trials = result.Summary.Trials;
        writer.WriteLine($"Simulation: {metadata.Name}{(metadata.Change is null ? "" : $" ({metadata.Change})")}, seed {result.Seed}, {DiagnosticText.Plural(trials, "trial")}");
        writer.WriteLine($"  sha256 {plan.Sha256}");
        var roleWidth = plan.Inputs.Max(i => i.Role.Length);
        foreach (var input in plan.Inputs)
        {
            var behaviour = plan.Clusters.Any(c => $"cluster:{c.Name}" == input.Role && c.Behaviour is not null) ? "  (behaviour section)" : "";
            writer.WriteLine($"  {input.Role.PadRight(roleWidth)}  {input.Path}{behaviour}");
        }

        foreach (var line in Commands.BehaviourInput.Lines(result.Profile.BehaviourFiles, result.Origin))
        {
            writer.WriteLine($"  behaviour of {line}");
        }

        writer.WriteLine();
        WriteTrial(result, writer);
        foreach (var report in result.Reports)
        {
            writer.WriteLine();
            WriteOperation(result, report, writer);
        }

        if (trials > 1)
        {
            writer.WriteLine();
            WriteMonteCarlo(result, writer);
        }
    }

    private static void WriteTrial(SimulationResult result, TextWriter writer)
    {
        var run = result.First.Timeline;
        writer.WriteLine($"Trial 0 in detail (times from {Fmt.Time(result.Origin)}):");
        writer.WriteLine($"  makespan       {Fmt.Duration(run.Makespan)}  (estimate {Fmt.Duration(result.Plan.Estimate.Expected)})");
        writer.WriteLine($"  window         {SimulateReview.Verdict(result)}");
        writer.WriteLine($"  operator       {DiagnosticText.Plural(result.First.Interventions, "intervention")}");
        foreach (var note in run.Scheduler.Notes)
        {
            var operation = note.Operation >= 0 ? $"{result.Plan.Plan.Operations[note.Operation].Id}: " : "";
            writer.WriteLine($"  note {Fmt.Offset(note.At),-9} {operation}{note.Message}");
        }

        writer.WriteLine();
        writer.WriteLine("Timeline:");
        var steps = SimulateReview.TimelineSteps(result).ToList();
        var rows = steps.Take(SimulateReview.MaxTimelineRows).Select(s => (IReadOnlyList<string>)
        [
            Fmt.Offset(run.Start[s.Index]), Fmt.Offset(run.Finish[s.Index]), s.Id, SimulateReview.State(result, s.Index),
            run.Scheduler.AttemptOf(s.Index).ToString(CultureInfo.InvariantCulture), run.Scheduler.ReasonOf(s.Index) ?? "",
        ]).ToList();
        TextTable.Write(writer, ["start", "finish", "step", "state", "attempts", "detail"], rows, "  ", SimulateReview.MaxTimelineRows);
        if (steps.Count > rows.Count)
        {
            writer.WriteLine($"  … and {Fmt.Count(steps.Count - rows.Count)} more steps (see --format json or --trace)");
        }
    }

    private static void WriteOperation(SimulationResult result, OperationReport report, TextWriter writer)
    {
        var operation = report.Operation;
        var shape = operation.Targets.Length > 0 ? $", {DiagnosticText.Plural(operation.Targets.Length, "target")}" : "";
        writer.WriteLine($"{operation.Spec.Id}  [{operation.Spec.Uses}]  {report.State}{shape}");
        if (operation.Targets.Length > 0)
        {
            writer.WriteLine($"  {SimulateReview.CountsLine(report.Counts)}");
        }

        if (report.Failover is { } failover)
        {
            RockoonStatisticsText.Write(writer, failover, SimulateReview.FinishedAt(result, report));
            if (!failover.NotHandled.IsEmpty)
            {
                writer.WriteLine($"  ({DiagnosticText.Plural(failover.NotHandled.Length, "load balancer")} counted as SKIPPED were never handled: the run stopped first)");
            }
        }

        if (report.Strategy is { } strategy)
        {
            writer.WriteLine("$ dcmanager kube-rootca-update-strategy show");
            DcmanagerText.WriteStrategy(writer, strategy);
            writer.WriteLine("$ dcmanager strategy-step list");
            DcmanagerText.WriteSteps(writer, strategy, TextTable.MaxRows * 4);
        }

        if (!report.Nodes.IsEmpty)
        {
            writer.WriteLine("  Nodes:");
            TextTable.Write(writer, ["node", "roles", "policy", "state", "attempts", "started", "finished", "details"],
                [.. report.Nodes.Select(n => (IReadOnlyList<string>)
                [
                    n.Node, n.Roles, n.Policy, n.State, n.Attempts.ToString(CultureInfo.InvariantCulture),
                    n.StartedAt is { } s ? Fmt.Offset(s - result.Origin) : "-", n.FinishedAt is { } f ? Fmt.Offset(f - result.Origin) : "-", n.Details,
                ])], "    ", TextTable.MaxRows * 4);
        }
    }

    private static void WriteMonteCarlo(SimulationResult result, TextWriter writer)
    {
        var summary = result.Summary;
        var m = summary.Makespan;
        writer.WriteLine($"Monte Carlo: {Fmt.Count(summary.Trials)} trials, seed {result.Seed} (trial i uses SplitMix64(seed, i)), {Fmt.Count((int)Math.Min(int.MaxValue, summary.StepEvents))} step events");
        writer.WriteLine($"  makespan       p10 {Fmt.Duration(m.P10)}  p50 {Fmt.Duration(m.P50)}  p90 {Fmt.Duration(m.P90)}  p99 {Fmt.Duration(m.P99)}  max {Fmt.Duration(m.Max)}  (mean {Fmt.Duration(m.Mean)})");
        var close = result.Plan.Plan.Windows.IsDefaultOrEmpty ? "no window" : $"last window closes at {Fmt.Offset(result.WindowClose)}";
        writer.WriteLine($"  window         fits in {SimulateReview.Percent(summary.FitProbability)} of trials ({close})");
        writer.WriteLine($"  failed         {SimulateReview.Number(summary.ExpectedFailedTargets)} target(s) per run on average");
        writer.WriteLine($"  operator       {SimulateReview.Number(summary.ExpectedInterventions)} intervention(s) per run on average");
        writer.WriteLine($"  breaches       window in {DiagnosticText.Plural(summary.WindowBreaches, "trial")}, failure policy in {DiagnosticText.Plural(summary.PolicyBreaches, "trial")}");
        if (summary.DominantOperation is { } dominant)
        {
            writer.WriteLine($"  p99            dominated by {dominant} ({SimulateReview.Percent(summary.DominantShare)} of the makespan of the slowest 1% of trials)");
        }

        writer.WriteLine("  Per operation (duration from its first start to its end):");
        TextTable.Write(writer, ["operation", "p50", "p90", "p99", "max", "failed/run"],
            [.. summary.Operations.Select(o => (IReadOnlyList<string>)
            [
                o.Id, Fmt.Duration(o.Duration.P50), Fmt.Duration(o.Duration.P90), Fmt.Duration(o.Duration.P99), Fmt.Duration(o.Duration.Max),
                SimulateReview.Number(o.ExpectedFailedTargets),
            ])], "    ");
    }
}
