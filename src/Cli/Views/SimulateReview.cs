using System.Globalization;
using Planner.Events;
using Planner.Graph;
using Planner.Reports;
using Simulator.Engine;

namespace Cli.Views;

/// <summary>Facts about a simulation that every format words the same way.</summary>
internal static class SimulateReview
{
    /// <summary>Steps shown in a text timeline before it is cut (the JSON output has them all).</summary>
    public const int MaxTimelineRows = 200;

    public static string Verdict(SimulationResult result)
    {
        var run = result.First.Timeline;
        if (result.Plan.Plan.Windows.IsDefaultOrEmpty)
        {
            return "no maintenance window";
        }

        if (run.Scheduler.StartedOutsideWindows)
        {
            return "does NOT fit: a step started after the last window's cutoff";
        }

        var windows = result.Plan.Plan.Windows;
        for (var i = 0; i < windows.Length; i++)
        {
            var close = windows[i].End - windows[0].Start;
            if (run.Makespan <= close)
            {
                return $"fits window {i + 1} with {Fmt.Duration(close - run.Makespan)} to spare";
            }
        }

        return $"does NOT fit: ends {Fmt.Offset(run.Makespan)}, after the last window closes at {Fmt.Offset(result.WindowClose)}";
    }

    /// <summary>The steps worth a row: every step but the internal milestones, in start order.</summary>
    public static IEnumerable<Step> TimelineSteps(SimulationResult result)
    {
        var run = result.First.Timeline;
        return result.Plan.Graph.Steps.Where(s => s.Kind != StepKind.Milestone).OrderBy(s => run.Start[s.Index]).ThenBy(s => s.Index);
    }

    public static string State(SimulationResult result, int step) => RunEvent.StateName(result.First.Timeline.Scheduler.StateOf(step));

    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string CountsLine(StatusCounts c) =>
        $"SUCCESS {c.Success}, FAILED {c.Failed}, RECOVERY_FAILED {c.RecoveryFailed}, SKIPPED {c.Skipped}, CANCELLED {c.Cancelled}";

    /// <summary>When an operation's report is dated: when its done milestone settled.</summary>
    public static DateTimeOffset FinishedAt(SimulationResult result, OperationReport report) =>
        result.Origin + result.First.Timeline.Finish[report.Operation.DoneStep];
}
