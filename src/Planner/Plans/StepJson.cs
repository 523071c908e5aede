using System.Text.Json;
using Planner.Graph;

namespace Planner.Plans;

/// <summary>A step as the saved plan records it: everything the scheduler and a driver need, nothing else.</summary>
internal static class StepJson
{
    // Written once per step (208,574 times for the 100k-LB plan's saved plan): encoded once.
    private static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Operation = JsonEncodedText.Encode("operation");
    private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText Action = JsonEncodedText.Encode("action");
    private static readonly JsonEncodedText TargetId = JsonEncodedText.Encode("target_id");
    private static readonly JsonEncodedText TargetName = JsonEncodedText.Encode("target_name");
    private static readonly JsonEncodedText ExpectedSeconds = JsonEncodedText.Encode("expected_seconds");
    private static readonly JsonEncodedText MaxSeconds = JsonEncodedText.Encode("max_seconds");
    private static readonly JsonEncodedText Attempts = JsonEncodedText.Encode("attempts");
    private static readonly JsonEncodedText RetryDelaySeconds = JsonEncodedText.Encode("retry_delay_seconds");
    private static readonly JsonEncodedText Backoff = JsonEncodedText.Encode("backoff");
    private static readonly JsonEncodedText Pool = JsonEncodedText.Encode("pool");
    private static readonly JsonEncodedText Acquires = JsonEncodedText.Encode("acquires");
    private static readonly JsonEncodedText Releases = JsonEncodedText.Encode("releases");
    private static readonly JsonEncodedText SlotHolder = JsonEncodedText.Encode("slot_holder");
    private static readonly JsonEncodedText DowntimeSeconds = JsonEncodedText.Encode("downtime_seconds");
    private static readonly JsonEncodedText NodeMaintenance = JsonEncodedText.Encode("node_maintenance");
    private static readonly JsonEncodedText Detail = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText RunsIfFailed = JsonEncodedText.Encode("runs_if_failed");
    private static readonly JsonEncodedText OutsidePolicy = JsonEncodedText.Encode("outside_policy");
    private static readonly JsonEncodedText Needs = JsonEncodedText.Encode("needs");
    private static readonly JsonEncodedText[] Kinds = [.. Enum.GetValues<StepKind>().Select(k => JsonEncodedText.Encode(k.ToString().ToLowerInvariant()))];

    public static void Write(Utf8JsonWriter json, Step step)
    {
        json.WriteStartObject();
        json.WriteNumber(Index, step.Index);
        json.WriteString(Id, step.Id);
        json.WriteNumber(Operation, step.Operation);
        json.WriteString(Kind, Kinds[(int)step.Kind]);
        json.WriteString(Action, step.Action);
        PlanJsonDocument.WriteOptional(json, TargetId, step.TargetId);
        PlanJsonDocument.WriteOptional(json, TargetName, step.TargetName);
        PlanJsonDocument.Seconds(json, ExpectedSeconds, step.Expected);
        PlanJsonDocument.Seconds(json, MaxSeconds, step.Max);
        json.WriteNumber(Attempts, step.Attempts);
        PlanJsonDocument.Seconds(json, RetryDelaySeconds, step.RetryDelay);
        json.WriteNumber(Backoff, step.Backoff);
        json.WriteNumber(Pool, step.Pool);
        json.WriteBoolean(Acquires, step.Acquires);
        json.WriteBoolean(Releases, step.Releases);
        json.WriteNumber(SlotHolder, step.SlotHolder);
        PlanJsonDocument.Seconds(json, DowntimeSeconds, step.Downtime);
        json.WriteBoolean(NodeMaintenance, step.NodeMaintenance);
        PlanJsonDocument.WriteOptional(json, Detail, step.Detail);
        if (step.RunsIfFailed >= 0)
        {
            // Only conditional steps carry these, so saved plans without follow-ups keep their bytes.
            json.WriteNumber(RunsIfFailed, step.RunsIfFailed);
        }

        if (step.OutsidePolicy)
        {
            json.WriteBoolean(OutsidePolicy, true);
        }

        json.WriteStartArray(Needs);
        foreach (var dependency in step.Dependencies)
        {
            json.WriteNumberValue(dependency);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
