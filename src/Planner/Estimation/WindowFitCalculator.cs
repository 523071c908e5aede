using System.Collections.Immutable;
using Planner.Graph;
using Planner.Operations;
using Planner.Scheduling;

namespace Planner.Estimation;

/// <summary>Window fit, slack, and the smallest concurrency that would make a plan fit.</summary>
internal static class WindowFitCalculator
{
    public static WindowFit Fit(WindowSlot[] windows, RunTimeline expected, RunTimeline pessimistic)
    {
        if (windows.Length == 0)
        {
            return new WindowFit(true, TimeSpan.Zero, 0, false, null, true);
        }

        var makespan = expected.Makespan;
        var index = Array.FindIndex(windows, w => makespan <= w.Close);
        var fits = Fits(windows, expected);
        var slack = fits ? windows[index].Close - makespan : windows[^1].Close - makespan;
        var pessimisticFits = pessimistic.Makespan <= windows[^1].Close && !pessimistic.Scheduler.StartedOutsideWindows;
        return new WindowFit(fits, slack, fits ? index + 1 : 0, expected.Scheduler.StartedOutsideWindows, null, pessimisticFits);
    }

    /// <summary>Whether the expected run ends inside a window, and started nothing outside one (<see cref="WindowFit.Fits"/>).</summary>
    public static bool Fits(WindowSlot[] windows, RunTimeline expected) =>
        windows.Length == 0 || (windows.Any(w => expected.Makespan <= w.Close) && !expected.Scheduler.StartedOutsideWindows);

    /// <summary>
    /// Takes the operation that holds the most of the critical path among those whose concurrency can change,
    /// and searches (binary search, one scheduler run per probe) for the smallest concurrency that fits.
    /// </summary>
    public static ConcurrencyFix? SmallestConcurrency(ExecutionGraph graph, ImmutableArray<ExpandedOperation> operations,
        OperationLimits[] limits, WindowSlot[] windows, RunTimeline expected)
    {
        var candidates = operations
            .Where(o => o.Targets.Length > o.Concurrency && o.ConcurrencyPool >= 0)
            .OrderByDescending(o => expected.Finish[o.DoneStep] - expected.Finish[o.StartStep])
            .ThenBy(o => o.Index)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var operation = candidates[0];
        var pool = operation.ConcurrencyPool;
        bool FitsWith(int capacity)
        {
            var trial = graph.WithPools(graph.Pools.SetItem(pool, graph.Pools[pool] with { Capacity = capacity }));
            var run = VirtualRun.Run(trial, new Scheduler(trial, limits, windows), new FixedDurationModel(false));
            return run.Makespan <= windows[^1].Close && !run.Scheduler.StartedOutsideWindows;
        }

        int low = operation.Concurrency + 1, high = operation.Targets.Length;
        if (!FitsWith(high))
        {
            return new ConcurrencyFix(operation.Spec.Id, operation.Concurrency, null);
        }

        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (FitsWith(middle))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return new ConcurrencyFix(operation.Spec.Id, operation.Concurrency, low);
    }
}
