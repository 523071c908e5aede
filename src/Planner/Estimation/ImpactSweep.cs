using Planner.Graph;
using Planner.Scheduling;

namespace Planner.Estimation;

/// <summary>Sweeps the expected schedule for downtime and for how many targets and nodes are affected at once.</summary>
internal static class ImpactSweep
{
    public static ImpactSummary Measure(ExecutionGraph graph, RunTimeline timeline)
    {
        var total = TimeSpan.Zero;
        var downEvents = new List<long>();
        var maintenanceEvents = new List<long>();
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
                downEvents.Add(Event(timeline.Start[step.Index], starts: true));
                downEvents.Add(Event(timeline.Finish[step.Index], starts: false));
            }

            if (step.NodeMaintenance && step.Acquires)
            {
                maintenanceEvents.Add(Event(timeline.Start[step.Index], starts: true));
            }

            if (step.NodeMaintenance && step.Releases)
            {
                maintenanceEvents.Add(Event(timeline.Finish[step.Index], starts: false));
            }
        }

        return new ImpactSummary(total, Peak(downEvents), Peak(maintenanceEvents), targetsWithDowntime);
    }

    // An event is one number, its time doubled plus one for a start: ends sort before starts at the same instant, so
    // back-to-back intervals do not count as overlapping, and a large plan's 200,000 events sort as plain integers.
    // Run times stay far below the doubling's limit: plans whose worst case passes PlanChecks.LongestWorstCase are refused.
    private static long Event(TimeSpan at, bool starts) => (at.Ticks * 2) + (starts ? 1 : 0);

    private static int Peak(List<long> events)
    {
        events.Sort();
        int current = 0, peak = 0;
        foreach (var value in events)
        {
            current += (value & 1) == 1 ? 1 : -1;
            peak = Math.Max(peak, current);
        }

        return peak;
    }
}
