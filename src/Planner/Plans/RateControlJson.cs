using System.Text.Json;
using Planner.Estimation;
using Planner.Model;

using static Planner.Plans.PlanJsonDocument;

namespace Planner.Plans;

/// <summary>The plan document's <c>rate_control</c> object: each budget and each operation's waves, with what they cost.</summary>
internal static class RateControlJson
{
    public static void Write(Utf8JsonWriter json, RateControlEstimate? rate)
    {
        if (rate is null)
        {
            return;
        }

        json.WriteStartObject("rate_control");
        Seconds(json, "expected_seconds_without_budgets", rate.ExpectedWithoutBudgets);
        json.WriteStartArray("budgets");
        foreach (var budget in rate.Budgets)
        {
            json.WriteStartObject();
            json.WriteString("scope", budget.Scope);
            json.WriteString("per", budget.Per);
            json.WriteString("max", budget.Max);
            json.WriteNumber("groups", budget.Groups);
            json.WriteNumber("smallest_limit", budget.SmallestLimit);
            json.WriteNumber("largest_limit", budget.LargestLimit);
            json.WriteNumber("max_in_flight_per_group", budget.PeakInFlight);
            json.WriteString("busiest_group", budget.PeakGroup);
            Seconds(json, "expected_seconds", budget.Expected);
            Seconds(json, "expected_seconds_without", budget.ExpectedWithout);
            Seconds(json, "cost_seconds", budget.Cost);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("waves");
        foreach (var waves in rate.Waves)
        {
            json.WriteStartObject();
            json.WriteString("operation", waves.Operation);
            json.WriteNumber("canary_targets", waves.CanaryTargets);
            json.WriteBoolean("canary_gate", waves.CanaryGate);
            json.WriteStartArray("ramp_up_steps");
            foreach (var step in waves.Steps)
            {
                json.WriteNumberValue(step);
            }

            json.WriteEndArray();
            if (waves.WaveTimeout is { } limit)
            {
                Seconds(json, "wave_timeout_seconds", limit);
            }
            else
            {
                json.WriteNull("wave_timeout_seconds");
            }

            json.WriteString("on_failed_wave", waves.OnFailure == PolicyAction.Stop ? "stop" : "pause");
            Seconds(json, "expected_seconds", waves.Expected);
            Seconds(json, "expected_seconds_without", waves.ExpectedWithout);
            json.WriteStartArray("expected_waves");
            foreach (var wave in waves.Waves)
            {
                json.WriteStartObject();
                json.WriteNumber("targets", wave.Targets);
                Seconds(json, "start_seconds", wave.Start);
                Seconds(json, "finish_seconds", wave.Finish);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
