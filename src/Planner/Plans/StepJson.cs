using System.Text.Json;
using Planner.Graph;

namespace Planner.Plans;

/// <summary>A step as the saved plan records it: everything the scheduler and a driver need, nothing else.</summary>
internal static class StepJson
{
    public static void Write(Utf8JsonWriter json, Step step)
    {
        json.WriteStartObject();
        json.WriteNumber("index", step.Index);
        json.WriteString("id", step.Id);
        json.WriteNumber("operation", step.Operation);
        json.WriteString("kind", step.Kind.ToString().ToLowerInvariant());
        json.WriteString("action", step.Action);
        PlanJsonDocument.WriteOptional(json, "target_id", step.TargetId);
        PlanJsonDocument.WriteOptional(json, "target_name", step.TargetName);
        PlanJsonDocument.Seconds(json, "expected_seconds", step.Expected);
        PlanJsonDocument.Seconds(json, "max_seconds", step.Max);
        json.WriteNumber("attempts", step.Attempts);
        PlanJsonDocument.Seconds(json, "retry_delay_seconds", step.RetryDelay);
        json.WriteNumber("backoff", step.Backoff);
        json.WriteNumber("pool", step.Pool);
        json.WriteBoolean("acquires", step.Acquires);
        json.WriteBoolean("releases", step.Releases);
        json.WriteNumber("slot_holder", step.SlotHolder);
        PlanJsonDocument.Seconds(json, "downtime_seconds", step.Downtime);
        json.WriteBoolean("node_maintenance", step.NodeMaintenance);
        PlanJsonDocument.WriteOptional(json, "detail", step.Detail);
        if (step.RunsIfFailed >= 0)
        {
            // Only conditional steps carry these, so saved plans without follow-ups keep their bytes.
            json.WriteNumber("runs_if_failed", step.RunsIfFailed);
        }

        if (step.OutsidePolicy)
        {
            json.WriteBoolean("outside_policy", true);
        }

        json.WriteStartArray("needs");
        foreach (var dependency in step.Dependencies)
        {
            json.WriteNumberValue(dependency);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
