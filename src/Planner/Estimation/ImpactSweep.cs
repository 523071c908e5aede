using Planner.Graph;
using Planner.Scheduling;

namespace Planner.Estimation;

/// <summary>Sweeps the expected schedule for downtime and for how many targets and nodes are affected at once.</summary>
internal static class ImpactSweep
{
    public static ImpactSummary Measure(ExecutionGraph graph, RunTimeline timeline)
    {
        var total = TimeSpan.Zero;
        var downEvents = new List<(TimeSpan At, int Delta)>();
        var maintenanceEvents = new List<(TimeSpan At, int Delta)>();
        var targetsWithDowntime = 0;
        foreach (var step in graph.Steps)
        {
            // A follow-up the expected run skips (its source succeeded) causes no downtime.
            if (timeline.Scheduler.AttemptOf(step.Index) == 0 && step.Kind != StepKind.Milestone)
            {
                continue;
            }

            if (step.Downtime > TimeSpan.Zero)
            {
                total += step.Downtime;
                targetsWithDowntime++;
                downEvents.Add((timeline.Start[step.Index], 1));
                downEvents.Add((timeline.Finish[step.Index], -1));
            }

            if (step.NodeMaintenance && step.Acquires)
            {
                maintenanceEvents.Add((timeline.Start[step.Index], 1));
            }

            if (step.NodeMaintenance && step.Releases)
            {
                maintenanceEvents.Add((timeline.Finish[step.Index], -1));
            }
        }

        return new ImpactSummary(total, Peak(downEvents), Peak(maintenanceEvents), targetsWithDowntime);
    }

    // Ends sort before starts at the same instant, so back-to-back intervals do not count as overlapping.
    private static int Peak(List<(TimeSpan At, int Delta)> events)
    {
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        int current = 0, peak = 0;
        foreach (var (_, delta) in events)
        {
            current += delta;
            peak = Math.Max(peak, current);
        }

        return peak;
    }
}
