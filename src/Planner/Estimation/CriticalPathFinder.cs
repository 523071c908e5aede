using System.Collections.Immutable;
using Planner.Graph;
using Planner.Model;
using Planner.Scheduling;

namespace Planner.Estimation;

/// <summary>
/// The chain of steps that determined the makespan: from the last step to finish, back through the completion
/// that let each step start (a dependency, or the step whose pool slot it took). Summarised per operation.
/// </summary>
internal static class CriticalPathFinder
{
    public static ImmutableArray<CriticalPathPart> Find(ExecutionGraph graph, RunTimeline timeline, MaintenancePlan plan)
    {
        var path = new List<int>();
        var current = LastFinishing(graph, timeline);
        while (current >= 0)
        {
            if (graph.Steps[current].Kind != StepKind.Milestone)
            {
                path.Add(current);
            }

            current = Predecessor(graph, timeline, current);
        }

        path.Reverse();
        var parts = new List<CriticalPathPart>();
        foreach (var run in path.GroupAdjacentBy(s => graph.Steps[s].Operation))
        {
            var first = run[0];
            var last = run[^1];
            parts.Add(new CriticalPathPart(plan.Operations[graph.Steps[first].Operation].Id, run.Count,
                timeline.Finish[last] - timeline.Start[first], graph.Steps[first].Id, graph.Steps[last].Id));
        }

        return [.. parts];
    }

    private static int LastFinishing(ExecutionGraph graph, RunTimeline timeline)
    {
        var best = -1;
        foreach (var step in graph.Steps)
        {
            if (step.Kind != StepKind.Milestone && (best < 0 || timeline.Finish[step.Index] > timeline.Finish[best]))
            {
                best = step.Index;
            }
        }

        return best;
    }

    private static int Predecessor(ExecutionGraph graph, RunTimeline timeline, int step)
    {
        if (timeline.Enabler[step] >= 0 && timeline.Enabler[step] != step)
        {
            return timeline.Enabler[step];
        }

        var best = -1;
        foreach (var dependency in graph.Steps[step].Dependencies)
        {
            if (timeline.Finish[dependency] == timeline.Start[step] && (best < 0 || dependency > best))
            {
                best = dependency;
            }
        }

        return best;
    }

    private static IEnumerable<List<int>> GroupAdjacentBy(this List<int> items, Func<int, int> key)
    {
        var group = new List<int>();
        foreach (var item in items)
        {
            if (group.Count > 0 && key(group[0]) != key(item))
            {
                yield return group;
                group = [];
            }

            group.Add(item);
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }
}
