using System.Collections.Immutable;
using Planner.Model;

namespace Planner.Scheduling;

/// <summary>
/// Rate control beyond one pool, resolved at planning time for the shared scheduler: impact budgets (at most so many
/// targets of one group in flight at once) and waves (ramp-up steps, a canary and its gate). Every limit applies to a
/// target's chain as a whole, from its first step to its last, as pool slots do.
/// </summary>
public sealed class RateControl
{
    /// <param name="budgets">The budgets, plan-wide and per operation.</param>
    /// <param name="groups">Every budget's groups, in budget order; their index is what steps refer to.</param>
    /// <param name="stepGroups">Per step (by index), the groups its chain counts toward; empty for steps that take no slot.</param>
    /// <param name="waves">Per operation (by index), its waves, or null.</param>
    public RateControl(ImmutableArray<Budget> budgets, ImmutableArray<BudgetGroup> groups, int[][] stepGroups, ImmutableArray<OperationWaves?> waves)
    {
        Budgets = budgets;
        Groups = groups;
        StepGroups = stepGroups;
        Waves = waves;
        Gates = [.. waves.Where(w => w is { Gate: >= 0 }).Select(w => w!.Gate).Order()];
    }

    public ImmutableArray<Budget> Budgets { get; }

    public ImmutableArray<BudgetGroup> Groups { get; }

    /// <summary>Per step, the groups whose count its chain raises while it holds its slot.</summary>
    public int[][] StepGroups { get; }

    /// <summary>
    /// <see cref="StepGroups"/> as one flat array: step i's groups are <c>Of[Start[i]..Start[i + 1]]</c>. Every scheduler
    /// of the plan (the estimate's runs, each Monte Carlo worker's) reads this one copy on every start and release.
    /// </summary>
    internal FlatGroups FlatStepGroups => _flat ??= Flatten(StepGroups);

    private FlatGroups? _flat;

    public ImmutableArray<OperationWaves?> Waves { get; }

    /// <summary>The canary gates (step indices, sorted): they wait until their canary wave ended.</summary>
    public ImmutableArray<int> Gates { get; }

    public bool HasBudgets => !Budgets.IsEmpty;

    public bool IsGate(int step) => Gates.AsSpan().BinarySearch(step) >= 0;

    /// <summary>The same rate control without the budgets <paramref name="keep"/> refuses (to cost a budget: the makespan without it).</summary>
    public RateControl WithBudgets(Func<Budget, bool> keep)
    {
        var kept = Groups.Select(g => keep(Budgets[g.Budget])).ToArray();
        var renumber = new int[Groups.Length];
        var next = 0;
        for (var group = 0; group < Groups.Length; group++)
        {
            renumber[group] = kept[group] ? next++ : -1;
        }

        // A loop rather than a query per step (which made 30 MB of iterators for the 100k-LB plan's three costings); a
        // step whose groups all stay where they are keeps its array.
        var stepGroups = new int[StepGroups.Length][];
        for (var step = 0; step < stepGroups.Length; step++)
        {
            stepGroups[step] = Renumbered(StepGroups[step], renumber);
        }

        return new RateControl([.. Budgets.Where(keep)], [.. Groups.Where((_, i) => kept[i])], stepGroups, Waves);
    }

    // Two schedulers may ask at once: each makes the same arrays, and either copy serves (a reference is written whole).
    private static FlatGroups Flatten(int[][] stepGroups)
    {
        var start = new int[stepGroups.Length + 1];
        for (var step = 0; step < stepGroups.Length; step++)
        {
            start[step + 1] = start[step] + stepGroups[step].Length;
        }

        var of = new int[start[^1]];
        for (var step = 0; step < stepGroups.Length; step++)
        {
            stepGroups[step].CopyTo(of, start[step]);
        }

        return new FlatGroups(start, of);
    }

    internal sealed record FlatGroups(int[] Start, int[] Of);

    private static int[] Renumbered(int[] groups, int[] renumber)
    {
        var count = 0;
        var unchanged = true;
        foreach (var group in groups)
        {
            count += renumber[group] >= 0 ? 1 : 0;
            unchanged &= renumber[group] == group;
        }

        if (unchanged)
        {
            return groups;
        }

        var renumbered = count == 0 ? [] : new int[count];
        var next = 0;
        foreach (var group in groups)
        {
            if (renumber[group] >= 0)
            {
                renumbered[next++] = renumber[group];
            }
        }

        return renumbered;
    }
}

/// <summary>One budget: <c>per</c> an attribute, at most its max (a count or a percentage) at once.</summary>
/// <param name="Index">Its place among the plan's budgets (plan-wide first, then per operation in plan order).</param>
/// <param name="Operation">The operation it is written on; -1 for a plan-wide budget.</param>
/// <param name="Scope">The operation's id, or <c>plan</c>.</param>
/// <param name="Spec">The budget as written.</param>
public sealed record Budget(int Index, int Operation, string Scope, BudgetSpec Spec)
{
    public string Describe() => $"per {Spec.Per}, max {Spec.MaxText}";
}

/// <summary>A group of one budget (a project, a zone, a label's value): <see cref="Capacity"/> of its <see cref="Targets"/> at once.</summary>
public sealed record BudgetGroup(int Budget, string Cluster, string Value, int Targets, int Capacity);

/// <summary>
/// An operation's waves: wave k may start <see cref="Sizes"/>[k] targets (the targets left form one last wave), and
/// starts only when wave k−1 ended. A wave with a failed target, or longer than <see cref="Timeout"/>, stops or pauses
/// the run per <see cref="OnFailure"/>. With a <see cref="Gate"/> (a gate step) the second wave waits for it too.
/// </summary>
public sealed record OperationWaves(int Operation, ImmutableArray<int> Sizes, TimeSpan? Timeout, PolicyAction OnFailure, int Gate, int CanaryTargets)
{
    public int SizeOf(int wave) => wave < Sizes.Length ? Sizes[wave] : int.MaxValue;
}
