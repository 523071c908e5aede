using System.Text.Json;
using Planner.Plans;

namespace Executor.Journal;

/// <summary>The steps a saved plan lists, as pending journal rows, so <c>show</c> lists every target from the start.</summary>
internal static class SavedPlanSteps
{
    /// <summary>Checks the saved plan's integrity and returns its non-milestone steps in plan order.</summary>
    public static List<JournalStep> Pending(byte[] savedPlan, JournalRun run)
    {
        if (SavedPlan.Verify(savedPlan) is { } problem)
        {
            throw new JournalException($"cannot journal this run: {problem}; write the saved plan again with mplan plan --out");
        }

        using var document = JsonDocument.Parse(savedPlan);
        var body = document.RootElement.GetProperty("document");
        var sha = body.GetProperty("plan").GetProperty("sha256").GetString();
        if (sha != run.PlanSha256)
        {
            throw new JournalException($"cannot journal this run: the saved plan's hash {sha} is not the run's plan hash {run.PlanSha256}; this is a bug in mplan");
        }

        var steps = new List<JournalStep>();
        foreach (var step in body.GetProperty("steps").EnumerateArray())
        {
            if (step.GetProperty("kind").GetString() == "milestone")
            {
                continue;
            }

            var id = step.GetProperty("id").GetString()!;
            steps.Add(new JournalStep(id, StepTransitions.OperationOf(id), Optional(step, "target_id"), JournalStepStates.Pending, 0, false, null, null, null)
            {
                TargetName = Optional(step, "target_name"),
                Position = step.GetProperty("index").GetInt32(),
            });
        }

        return steps;
    }

    private static string? Optional(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
