using System.Collections.Immutable;
using Planner.Graph;
using Planner.Model;
using Planner.Operations;
using Planner.Scheduling;

namespace Planner.Estimation;

/// <summary>Runs the shared scheduler in virtual time with expected durations and derives the estimate.</summary>
internal static class Estimator
{
    public static PlanEstimate Estimate(MaintenancePlan plan, ExecutionGraph graph, ImmutableArray<ExpandedOperation> operations)
    {
        var windows = WindowSlots(plan);
        var limits = Limits(plan, operations);
        // The runs below are independent of one another; a large plan's take a good part of a second each, so the ones
        // that need not wait for each other share the machine's cores, two at a time (the result is the same either way;
        // each run holds a scheduler's state for every step, and two is what a 100k-LB plan keeps within 500 MB).
        // Every attempt to its timeout makes every wave late: the bound takes the operator to resume at once, rather than end there.
        var pessimisticRun = Task.Run(() => VirtualRun.Run(graph, new Scheduler(graph, limits, windows), new FixedDurationModel(true), PessimisticOptions));
        var expected = VirtualRun.Run(graph, new Scheduler(graph, limits, windows), new FixedDurationModel(false));
        // A plan that does not fit its windows gets the smallest concurrency that would make it fit: one scheduler run or
        // more, which need only the expected run, so they start now rather than after the pessimistic one.
        var smallestConcurrency = WindowFitCalculator.Fits(windows, expected)
            ? null
            : Task.Run(() => WindowFitCalculator.SmallestConcurrency(graph, operations, limits, windows, expected));

        // What needs only the expected run is worked out while the pessimistic one (every attempt to its timeout: about
        // three times as long) still runs on the other core.
        var criticalPath = CriticalPathFinder.Find(graph, expected, plan);
        var impact = ImpactSweep.Measure(graph, expected);
        var rateControl = RateControlCost.Measure(plan, graph, limits, windows, expected);
        var pessimistic = pessimisticRun.GetAwaiter().GetResult();
        var fit = WindowFitCalculator.Fit(windows, expected, pessimistic);
        var timings = operations
            .Select(o => new OperationTiming(o.Index, FirstStart(graph, expected, o), expected.Finish[o.DoneStep], pessimistic.Finish[o.DoneStep])
            {
                FollowUp = FollowUp(graph, o, expected, pessimistic),
            })
            .ToImmutableArray();
        if (smallestConcurrency is not null)
        {
            fit = fit with { FitsWith = smallestConcurrency.GetAwaiter().GetResult() };
        }

        return new PlanEstimate(
            expected.Makespan,
            pessimistic.Makespan,
            timings,
            criticalPath,
            fit,
            impact,
            graph.Steps.Count(s => s.Kind == StepKind.Gate))
        {
            RateControl = rateControl,
        };
    }

    private static readonly VirtualRunOptions PessimisticOptions = new() { OperatorResume = _ => TimeSpan.Zero };

    public static OperationLimits[] Limits(MaintenancePlan plan, ImmutableArray<ExpandedOperation> operations)
    {
        var limits = new OperationLimits[plan.Operations.Length];
        Array.Fill(limits, new OperationLimits(FailurePolicy.ContinueAlways, 0));
        foreach (var operation in operations)
        {
            limits[operation.Index] = new OperationLimits(operation.Policy, operation.Targets.Length);
        }

        return limits;
    }

    /// <summary>The windows as offsets from the first window's start (time zero of every run).</summary>
    public static WindowSlot[] WindowSlots(MaintenancePlan plan)
    {
        if (plan.Windows.IsDefaultOrEmpty)
        {
            return [];
        }

        var zero = plan.Windows[0].Start;
        return [.. plan.Windows.Select(w => new WindowSlot(w.Start - zero, w.Start - zero + w.Duration - w.Cutoff, w.End - zero))];
    }

    // Counts the targets whose conditional first step started in each run; null when the operation has none.
    private static FollowUpRuns? FollowUp(ExecutionGraph graph, ExpandedOperation operation, RunTimeline expected, RunTimeline pessimistic)
    {
        int candidates = 0, inExpected = 0, inPessimistic = 0;
        for (var step = operation.StartStep; step <= operation.DoneStep; step++)
        {
            if (graph.Steps[step].RunsIfFailed >= 0 && graph.Steps[step].Operation == operation.Index)
            {
                candidates++;
                inExpected += expected.Scheduler.AttemptOf(step) > 0 ? 1 : 0;
                inPessimistic += pessimistic.Scheduler.AttemptOf(step) > 0 ? 1 : 0;
            }
        }

        return candidates == 0 ? null : new FollowUpRuns(inExpected, inPessimistic, candidates);
    }

    private static TimeSpan FirstStart(ExecutionGraph graph, RunTimeline timeline, ExpandedOperation operation)
    {
        var first = timeline.Finish[operation.DoneStep];
        for (var step = operation.StartStep; step <= operation.DoneStep; step++)
        {
            if (graph.Steps[step].Operation == operation.Index && graph.Steps[step].Kind != StepKind.Milestone && timeline.Start[step] < first)
            {
                first = timeline.Start[step];
            }
        }

        return first;
    }
}
