using System.Collections.Immutable;
using System.Globalization;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Graph;
using Planner.Model;
using Planner.Schema;

namespace Planner.Operations;

/// <summary>The plan-wide semantic checks: windows, ids, needs, cycles and the worst case's length.</summary>
internal static class PlanChecks
{
    /// <summary>
    /// The latest a window may end. Every time planned from a window (its end, expiry deadlines, the worst-case finish,
    /// at most <see cref="LongestWorstCase"/> later) must stay before the year 10000, where DateTimeOffset ends.
    /// </summary>
    public static readonly DateTimeOffset LatestWindowEnd = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The most all steps of a plan may add up to at worst (every attempt to its timeout, one after another).</summary>
    public static readonly TimeSpan LongestWorstCase = TimeSpan.FromDays(100_000);

    /// <summary>Checks the windows and returns those that can be planned with (the first is the plan's reference time).</summary>
    public static ImmutableArray<MaintenanceWindow> CheckWindows(MaintenancePlan plan, DiagnosticBag diagnostics)
    {
        var usable = ImmutableArray.CreateBuilder<MaintenanceWindow>();
        MaintenanceWindow? previous = null;
        foreach (var window in plan.Windows)
        {
            if (window.Start > LatestWindowEnd - window.Duration)
            {
                diagnostics.Error(DiagnosticCodes.WindowProblem, window.StartSource ?? window.Source,
                    $"the window starts in the year {window.Start.Year}, too far ahead to plan",
                    $"windows must end before {LatestWindowEnd:yyyy-MM-dd}: check the start's year");
                continue;
            }

            usable.Add(window);
            if (window.Duration <= TimeSpan.Zero)
            {
                diagnostics.Error(DiagnosticCodes.WindowProblem, window.DurationSource ?? window.Source, "the window's duration is zero",
                    "give the window a positive duration such as 4h");
            }
            else if (window.Cutoff >= window.Duration)
            {
                diagnostics.Error(DiagnosticCodes.WindowProblem, window.CutoffSource ?? window.Source,
                    $"the cutoff ({DurationText.Format(window.Cutoff)}) leaves no time to start work in a {DurationText.Format(window.Duration)} window",
                    "the cutoff is the last part of the window in which nothing new starts: make it shorter than the window");
            }

            if (previous is not null && window.Start < previous.End)
            {
                diagnostics.Error(DiagnosticCodes.WindowProblem, window.Source,
                    window.Start < previous.Start
                        ? $"windows are out of order: this one starts at {window.Start:u}, before the previous one ({previous.Start:u})"
                        : $"this window starts at {window.Start:u}, before the previous one ends ({previous.End:u})",
                    "list windows in time order, without overlaps");
            }

            previous = window;
        }

        return usable.ToImmutable();
    }

    /// <summary>
    /// Refuses a plan whose steps add up to more than <see cref="LongestWorstCase"/> at worst, at the operation that
    /// contributes most: the estimate and the simulator's clock could not hold its pessimistic times.
    /// </summary>
    public static void CheckWorstCase(MaintenancePlan plan, ExecutionGraph graph, DiagnosticBag diagnostics)
    {
        var perOperation = new double[plan.Operations.Length];
        foreach (var step in graph.Steps)
        {
            perOperation[step.Operation] += step.Pessimistic.TotalMilliseconds;
        }

        var total = perOperation.Sum();
        if (total > LongestWorstCase.TotalMilliseconds)
        {
            var largest = Array.IndexOf(perOperation, perOperation.Max());
            var day = TimeSpan.FromDays(1).TotalMilliseconds;
            diagnostics.Error(DiagnosticCodes.ImpossibleValue, plan.Operations[largest].Source,
                string.Create(CultureInfo.InvariantCulture,
                    $"at worst the plan's steps add up to {total / day:#,0} days (this operation's to {perOperation[largest] / day:#,0}), more than mplan plans for ({LongestWorstCase.TotalDays:#,0} days)"),
                "worst is every attempt to its timeout, one after another: lower duration.max or retry.attempts, or split the plan");
        }
    }

    /// <summary>Checks ids and needs, and returns the operations in dependency order (ties in plan order).</summary>
    public static IReadOnlyList<int> OrderOperations(MaintenancePlan plan, DiagnosticBag diagnostics)
    {
        var operations = plan.Operations;
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < operations.Length; i++)
        {
            if (!indexOf.TryAdd(operations[i].Id, i))
            {
                var first = operations[indexOf[operations[i].Id]];
                diagnostics.Error(DiagnosticCodes.DuplicateId, operations[i].IdSource, $"duplicate operation id '{operations[i].Id}'",
                    $"ids must be unique; the first use is at {first.IdSource}");
            }
        }

        var edges = new List<int>[operations.Length];
        var indegree = new int[operations.Length];
        for (var i = 0; i < operations.Length; i++)
        {
            edges[i] = [];
        }

        for (var i = 0; i < operations.Length; i++)
        {
            foreach (var need in operations[i].Needs)
            {
                if (!indexOf.TryGetValue(need.Value, out var j))
                {

                    var suggestion = Suggestions.Closest(need.Value, indexOf.Keys);
                    diagnostics.Error(DiagnosticCodes.UnknownNeeds, need.Source, $"'{operations[i].Id}' needs {DiagnosticText.Quote(need.Value)}, which is not an operation in this plan",
                        suggestion is null ? "needs lists ids of other operations" : $"did you mean '{suggestion}'?");
                }
                else if (j == i)
                {
                    diagnostics.Error(DiagnosticCodes.Cycle, need.Source, $"operation '{need.Value}' needs itself", "remove it from its own needs");
                }
                else
                {
                    edges[j].Add(i);
                    indegree[i]++;
                }
            }
        }

        var order = new List<int>();
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < operations.Length; i++)
        {
            if (indegree[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(next);
            foreach (var dependent in edges[next])
            {
                if (--indegree[dependent] == 0)
                {
                    ready.Enqueue(dependent, dependent);
                }
            }
        }

        if (order.Count < operations.Length)
        {
            ReportCycle(plan, indegree, indexOf, diagnostics);
        }

        return order;
    }

    // Walks needs from the first operation left in a cycle until one repeats: that loop is the cycle to print.
    private static void ReportCycle(MaintenancePlan plan, int[] indegree, Dictionary<string, int> indexOf, DiagnosticBag diagnostics)
    {
        var operations = plan.Operations;
        var current = Array.FindIndex(indegree, d => d > 0);
        var path = new List<int>();
        while (!path.Contains(current))
        {
            path.Add(current);
            current = operations[current].Needs
                .Select(n => indexOf.GetValueOrDefault(n.Value, -1))
                .First(j => j >= 0 && j != current && indegree[j] > 0);
        }

        var cycle = path.Skip(path.IndexOf(current)).ToList();
        var startAt = cycle.IndexOf(cycle.Min());
        cycle = [.. cycle.Skip(startAt), .. cycle.Take(startAt)];
        var text = string.Join(" -> ", cycle.Append(cycle[0]).Select(i => operations[i].Id));
        var first = operations[cycle[0]];
        var need = first.Needs.First(n => n.Value == operations[cycle[1 % cycle.Count]].Id);
        diagnostics.Error(DiagnosticCodes.Cycle, need.Source, $"the needs form a cycle: {text} (each needs the next)",
            "remove one of these needs so that the operations can be ordered");
    }
}
