using System.Globalization;
using System.Text.Json;
using Planner.Estimation;
using Planner.Graph;
using Planner.Operations;

namespace Planner.Plans;

/// <summary>
/// Writes the plan's JSON document (snake_case, <c>format_version</c>; schema in schemas/plan-output.v1.schema.json).
/// The saved plan is the same document plus the full step graph.
/// </summary>
public static class PlanJsonDocument
{
    /// <summary>Bump the minor version for additions, the major one for any change that can break a reader.</summary>
    public const string FormatVersion = "1.1";

    /// <summary>Writes the plan document; <paramref name="more"/> adds the caller's properties (a view's) before its end.</summary>
    public static void Write(Utf8JsonWriter json, ResolvedPlan plan, bool includeSteps, Action<Utf8JsonWriter>? more = null)
    {
        json.WriteStartObject();
        json.WriteString("format_version", FormatVersion);
        WritePlan(json, plan);
        WriteWindows(json, plan);
        WriteEstimate(json, plan.Estimate);
        RateControlJson.Write(json, plan.Estimate.RateControl);
        json.WriteStartArray("operations");
        foreach (var operation in plan.Operations.OrderBy(o => o.StartStep))
        {
            WriteOperation(json, plan, operation);
        }

        json.WriteEndArray();
        json.WriteStartArray("warnings");
        foreach (var warning in plan.Warnings)
        {
            json.WriteStringValue(warning.Headline);
        }

        json.WriteEndArray();
        if (includeSteps)
        {
            WriteGraph(json, plan.Graph);
        }

        more?.Invoke(json);
        json.WriteEndObject();
    }

    private static void WritePlan(Utf8JsonWriter json, ResolvedPlan plan)
    {
        var metadata = plan.Plan.Metadata;
        json.WriteStartObject("plan");
        json.WriteString("name", metadata.Name);
        WriteOptional(json, "change", metadata.Change);
        WriteOptional(json, "owner", metadata.Owner);
        json.WriteString("file", plan.Plan.SourceFile);
        json.WriteString("sha256", plan.Sha256);
        json.WriteEndObject();
        json.WriteStartArray("inputs");
        foreach (var input in plan.Inputs)
        {
            json.WriteStartObject();
            json.WriteString("role", input.Role);
            json.WriteString("path", input.Path);
            json.WriteString("sha256", input.Sha256);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteWindows(Utf8JsonWriter json, ResolvedPlan plan)
    {
        json.WriteStartArray("windows");
        foreach (var window in plan.Plan.Windows)
        {
            json.WriteStartObject();
            WriteOptional(json, "name", window.Name);
            json.WriteString("start", window.Start.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
            Seconds(json, "duration_seconds", window.Duration);
            Seconds(json, "cutoff_seconds", window.Cutoff);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteEstimate(Utf8JsonWriter json, PlanEstimate estimate)
    {
        json.WriteStartObject("estimate");
        Seconds(json, "expected_seconds", estimate.Expected);
        Seconds(json, "pessimistic_seconds", estimate.Pessimistic);
        json.WriteNumber("operator_gates", estimate.OperatorGates);
        json.WriteStartArray("critical_path");
        foreach (var part in estimate.CriticalPath)
        {
            json.WriteStartObject();
            json.WriteString("operation", part.Operation);
            json.WriteNumber("steps", part.Steps);
            Seconds(json, "seconds", part.Duration);
            json.WriteString("first_step", part.FirstStep);
            json.WriteString("last_step", part.LastStep);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        var window = estimate.Window;
        json.WriteStartObject("window");
        json.WriteBoolean("fits", window.Fits);
        Seconds(json, "slack_seconds", window.Slack);
        json.WriteNumber("finishes_in_window", window.FinishesInWindow);
        json.WriteBoolean("starts_after_cutoff", window.StartsAfterCutoff);
        json.WriteBoolean("pessimistic_fits", window.PessimisticFits);
        if (window.FitsWith is { } fix)
        {
            json.WriteStartObject("fits_with");
            json.WriteString("operation", fix.Operation);
            json.WriteNumber("current_concurrency", fix.Current);
            if (fix.Needed is { } needed)
            {
                json.WriteNumber("needed_concurrency", needed);
            }
            else
            {
                json.WriteNull("needed_concurrency");
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("fits_with");
        }

        json.WriteEndObject();

        var impact = estimate.Impact;
        json.WriteStartObject("impact");
        Seconds(json, "total_downtime_seconds", impact.TotalDowntime);
        json.WriteNumber("targets_with_downtime", impact.TargetsWithDowntime);
        json.WriteNumber("max_targets_down_at_once", impact.MaxTargetsDownAtOnce);
        json.WriteNumber("max_nodes_in_maintenance_at_once", impact.MaxNodesInMaintenanceAtOnce);
        json.WriteEndObject();
    }

    // The keys written once per target (200,000 times in the 100k-LB plan), encoded once.
    private static readonly JsonEncodedText IdKey = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText NameKey = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ReasonKey = JsonEncodedText.Encode("reason");

    private static void WriteOperation(Utf8JsonWriter json, ResolvedPlan plan, ExpandedOperation operation)
    {
        var timing = plan.Estimate.Operations.FirstOrDefault(t => t.Operation == operation.Index);
        json.WriteStartObject();
        json.WriteString("id", operation.Spec.Id);
        json.WriteString("uses", operation.Spec.Uses);
        json.WriteString("cluster", operation.Cluster);
        json.WriteStartArray("needs");
        foreach (var need in operation.Spec.Needs)
        {
            json.WriteStringValue(need.Value);
        }

        json.WriteEndArray();
        json.WriteNumber("target_count", operation.Targets.Length);
        json.WriteStartArray("targets");
        foreach (var target in operation.Targets)
        {
            json.WriteStartObject();
            json.WriteString(IdKey, target.Id);
            json.WriteString(NameKey, target.Name);
            json.WriteEndObject();
            FlushSometimes(json);
        }

        json.WriteEndArray();
        json.WriteStartArray("skipped");
        foreach (var skipped in operation.Skipped)
        {
            json.WriteStartObject();
            json.WriteString(IdKey, skipped.Id);
            json.WriteString(NameKey, skipped.Name);
            json.WriteString(ReasonKey, skipped.Reason);
            json.WriteEndObject();
            FlushSometimes(json);
        }

        json.WriteEndArray();
        json.WriteNumber("concurrency", operation.Concurrency);
        json.WriteNumber("steps", operation.DoneStep - operation.StartStep + 1);
        Seconds(json, "per_target_seconds", operation.PerTarget);
        Seconds(json, "start_seconds", timing?.Start ?? TimeSpan.Zero);
        Seconds(json, "expected_seconds", timing?.Duration ?? TimeSpan.Zero);
        Seconds(json, "finish_seconds", timing?.Finish ?? TimeSpan.Zero);
        Seconds(json, "pessimistic_finish_seconds", timing?.PessimisticFinish ?? TimeSpan.Zero);
        json.WriteString("failure_policy", operation.Policy.Describe());
        if (timing?.FollowUp is { } followUp)
        {
            json.WriteStartObject("follow_up");
            json.WriteNumber("candidates", followUp.Candidates);
            json.WriteNumber("expected_targets", followUp.Expected);
            json.WriteNumber("pessimistic_targets", followUp.Pessimistic);
            json.WriteEndObject();
        }

        WriteSettings(json, operation);
        json.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter json, ExpandedOperation operation)
    {
        json.WriteStartArray("settings");
        foreach (var setting in operation.Settings)
        {
            json.WriteStartObject();
            json.WriteString("name", setting.Name);
            json.WriteString("value", setting.Value);
            json.WriteBoolean("default", setting.IsDefault);
            WriteOptional(json, "origin", setting.Origin);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notes");
        foreach (var note in operation.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        json.WriteStartArray("tables");
        foreach (var table in operation.Tables)
        {
            json.WriteStartObject();
            json.WriteString("title", table.Title);
            json.WriteStartArray("header");
            table.Header.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteStartArray("rows");
            foreach (var row in table.Rows)
            {
                json.WriteStartArray();
                row.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                FlushSometimes(json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteGraph(Utf8JsonWriter json, ExecutionGraph graph)
    {
        json.WriteStartArray("pools");
        foreach (var pool in graph.Pools)
        {
            json.WriteStartObject();
            json.WriteString("name", pool.Name);
            json.WriteNumber("capacity", pool.Capacity);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("steps");
        foreach (var step in graph.Steps)
        {
            StepJson.Write(json, step);
            FlushSometimes(json);
        }

        json.WriteEndArray();
    }

    // Hands what is written so far to the stream, so that long lists of targets and steps are not held in memory.
    private static void FlushSometimes(Utf8JsonWriter json)
    {
        if (json.BytesPending > 1 << 16)
        {
            json.Flush();
        }
    }

    /// <summary>A duration as the plan documents write it: seconds, to the millisecond.</summary>
    public static void Seconds(Utf8JsonWriter json, string name, TimeSpan value) =>
        json.WriteNumber(name, InSeconds(value));

    /// <summary>As <see cref="Seconds(Utf8JsonWriter, string, TimeSpan)"/>, with the key encoded already (a key written per step).</summary>
    public static void Seconds(Utf8JsonWriter json, JsonEncodedText name, TimeSpan value) =>
        json.WriteNumber(name, InSeconds(value));

    private static double InSeconds(TimeSpan value) => Math.Round(value.TotalSeconds, 3);

    internal static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    internal static void WriteOptional(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
