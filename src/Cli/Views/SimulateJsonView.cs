using System.Globalization;
using System.Text.Json;
using Planner.Events;
using Planner.Plans;
using Planner.Reports;
using Simulator.Engine;

namespace Cli.Views;

/// <summary><c>--format json</c>: the machine-readable simulation (<c>schemas/simulate-output.v1.schema.json</c>).</summary>
internal sealed class SimulateJsonView : ISimulateView
{
    /// <summary>Bump the minor version for added fields, the major one for any other change, and update the schema.</summary>
    public const string FormatVersion = "1.0";

    public void Render(SimulationResult result, TextWriter writer)
    {
        using (var stream = new TextWriterStream(writer))
        using (var json = new Utf8JsonWriter(stream, SavedPlan.WriterOptions))
        {
            Write(json, result);
        }

        writer.Write('\n');
    }

    private static void Write(Utf8JsonWriter json, SimulationResult result)
    {
        var summary = result.Summary;
        json.WriteStartObject();
        json.WriteString("format_version", FormatVersion);
        json.WriteStartObject("plan");
        json.WriteString("name", result.Plan.Plan.Metadata.Name);
        json.WriteString("file", result.Plan.Plan.SourceFile);
        json.WriteString("sha256", result.Plan.Sha256);
        json.WriteEndObject();
        json.WriteNumber("seed", result.Seed);
        json.WriteNumber("trials", summary.Trials);
        json.WriteNumber("step_events", summary.StepEvents);
        json.WriteString("origin", Time(result.Origin));
        if (!result.Profile.BehaviourFiles.IsEmpty)
        {
            BehaviourJson.Write(json, result.Profile.BehaviourFiles, result.Origin);
        }

        WritePercentiles(json, "makespan_seconds", summary.Makespan);
        json.WriteNumber("estimate_seconds", Seconds(result.Plan.Estimate.Expected));
        json.WriteStartObject("window");
        if (result.Plan.Plan.Windows.IsDefaultOrEmpty)
        {
            json.WriteNull("close_seconds");
        }
        else
        {
            json.WriteNumber("close_seconds", Seconds(result.WindowClose));
        }

        json.WriteNumber("fit_probability", Math.Round(summary.FitProbability, 6));
        json.WriteNumber("breaches", summary.WindowBreaches);
        json.WriteEndObject();
        json.WriteNumber("policy_breaches", summary.PolicyBreaches);
        json.WriteNumber("expected_failed_targets", Math.Round(summary.ExpectedFailedTargets, 6));
        json.WriteNumber("expected_operator_interventions", Math.Round(summary.ExpectedInterventions, 6));
        json.WriteStartObject("p99_dominated_by");
        json.WriteString("operation", summary.DominantOperation);
        json.WriteNumber("share", Math.Round(summary.DominantShare, 6));
        json.WriteEndObject();
        json.WriteStartArray("operations");
        foreach (var report in result.Reports)
        {
            WriteOperation(json, result, report, summary.Operations.First(o => o.Operation == report.Operation.Index));
        }

        json.WriteEndArray();
        WriteTrial(json, result);
        json.WriteEndObject();
    }

    private static void WriteOperation(Utf8JsonWriter json, SimulationResult result, OperationReport report, OperationSummary summary)
    {
        var operation = report.Operation;
        json.WriteStartObject();
        json.WriteString("id", operation.Spec.Id);
        json.WriteString("uses", operation.Spec.Uses);
        json.WriteNumber("targets", operation.Targets.Length);
        json.WriteNumber("skipped", operation.Skipped.Length);
        WritePercentiles(json, "duration_seconds", summary.Duration);
        json.WriteNumber("expected_failed_targets", Math.Round(summary.ExpectedFailedTargets, 6));
        json.WriteString("state", report.State);
        var c = report.Counts;
        json.WriteStartObject("statistics");
        json.WriteNumber("success", c.Success);
        json.WriteNumber("failed", c.Failed);
        json.WriteNumber("recovery_failed", c.RecoveryFailed);
        json.WriteNumber("skipped", c.Skipped);
        json.WriteNumber("cancelled", c.Cancelled);
        json.WriteEndObject();
        json.WriteStartObject("details");
        WriteIds(json, "success", report.Targets.Where(t => t.Status == TargetStatus.Success).Select(t => t.Id));
        WriteIds(json, "failed", report.Targets.Where(t => t.Status == TargetStatus.Failed).Select(t => t.Id));
        WriteIds(json, "recovery_failed", report.Targets.Where(t => t.Status == TargetStatus.RecoveryFailed).Select(t => t.Id));
        WriteIds(json, "skipped", operation.Skipped.Select(s => s.Id).Concat(report.Targets.Where(t => t.Status == TargetStatus.Skipped).Select(t => t.Id)));
        WriteIds(json, "cancelled", report.Targets.Where(t => t.Status == TargetStatus.Cancelled).Select(t => t.Id));
        json.WriteEndObject();
        if (report.Strategy is { } strategy)
        {
            WriteStrategy(json, strategy);
        }

        if (!report.Nodes.IsEmpty)
        {
            json.WriteStartArray("nodes");
            foreach (var node in report.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("node", node.Node);
                json.WriteString("roles", node.Roles);
                json.WriteString("policy", node.Policy);
                json.WriteString("state", node.State);
                json.WriteNumber("attempts", node.Attempts);
                OptionalTime(json, "started_at", node.StartedAt);
                OptionalTime(json, "finished_at", node.FinishedAt);
                json.WriteString("details", node.Details);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteStrategy(Utf8JsonWriter json, StrategyReport strategy)
    {
        json.WriteStartObject("strategy");
        json.WriteString("type", strategy.Type);
        json.WriteString("subcloud_apply_type", strategy.SubcloudApplyType);
        json.WriteNumber("max_parallel_subclouds", strategy.MaxParallelSubclouds);
        json.WriteBoolean("stop_on_failure", strategy.StopOnFailure);
        json.WriteString("state", strategy.State);
        json.WriteString("created_at", Time(strategy.CreatedAt));
        json.WriteString("updated_at", Time(strategy.UpdatedAt));
        json.WriteEndObject();
        json.WriteStartArray("strategy_steps");
        foreach (var step in strategy.Steps)
        {
            json.WriteStartObject();
            json.WriteString("cloud", step.Cloud);
            json.WriteString("stage", step.Stage);
            json.WriteString("state", step.State);
            json.WriteString("details", step.Details);
            OptionalTime(json, "started_at", step.StartedAt);
            OptionalTime(json, "finished_at", step.FinishedAt);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteTrial(Utf8JsonWriter json, SimulationResult result)
    {
        var run = result.First.Timeline;
        json.WriteStartObject("trial");
        json.WriteNumber("index", 0);
        json.WriteNumber("makespan_seconds", Seconds(run.Makespan));
        json.WriteBoolean("fits_window", result.Trials[0].FitsWindow);
        json.WriteNumber("operator_interventions", result.First.Interventions);
        json.WriteStartArray("notes");
        foreach (var note in run.Scheduler.Notes)
        {
            json.WriteStartObject();
            json.WriteNumber("at_seconds", Seconds(note.At));
            if (note.Operation >= 0)
            {
                json.WriteString("operation", result.Plan.Plan.Operations[note.Operation].Id);
            }

            json.WriteString("message", note.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("steps");
        foreach (var step in SimulateReview.TimelineSteps(result))
        {
            json.WriteStartObject();
            json.WriteString("id", step.Id);
            json.WriteString("operation", result.Plan.Plan.Operations[step.Operation].Id);
            if (step.TargetId is { } target)
            {
                json.WriteString("target", target);
            }

            json.WriteString("state", RunEvent.StateName(run.Scheduler.StateOf(step.Index)));
            json.WriteNumber("attempts", run.Scheduler.AttemptOf(step.Index));
            json.WriteNumber("start_seconds", Seconds(run.Start[step.Index]));
            json.WriteNumber("finish_seconds", Seconds(run.Finish[step.Index]));
            if (run.Scheduler.ReasonOf(step.Index) is { } reason)
            {
                json.WriteString("detail", reason);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePercentiles(Utf8JsonWriter json, string name, Percentiles p)
    {
        json.WriteStartObject(name);
        json.WriteNumber("p10", Seconds(p.P10));
        json.WriteNumber("p50", Seconds(p.P50));
        json.WriteNumber("p90", Seconds(p.P90));
        json.WriteNumber("p99", Seconds(p.P99));
        json.WriteNumber("max", Seconds(p.Max));
        json.WriteNumber("mean", Seconds(p.Mean));
        json.WriteEndObject();
    }

    private static void WriteIds(Utf8JsonWriter json, string name, IEnumerable<string> ids)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
    }

    private static void OptionalTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } at)
        {
            json.WriteString(name, Time(at));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static double Seconds(TimeSpan value) => Math.Round(value.TotalSeconds, 3);

    private static string Time(DateTimeOffset value) => Planner.Documents.TimeText.Format(value);
}
