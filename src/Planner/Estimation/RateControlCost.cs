using System.Collections.Immutable;
using Planner.Graph;
using Planner.Model;
using Planner.Scheduling;

namespace Planner.Estimation;

/// <summary>What the plan's rate control costs and how it shapes the expected schedule: per budget and per operation's waves.</summary>
public sealed record RateControlEstimate(ImmutableArray<BudgetCost> Budgets, ImmutableArray<WaveSchedule> Waves, TimeSpan ExpectedWithoutBudgets);

/// <summary>
/// One budget in the expected schedule: its groups and their limits, the most of one group in flight at once
/// (<see cref="PeakInFlight"/> in <see cref="PeakGroup"/>), and the makespan with it and without it (others kept).
/// </summary>
public sealed record BudgetCost(string Scope, string Per, string Max, int Groups, int SmallestLimit, int LargestLimit,
    int PeakInFlight, string PeakGroup, TimeSpan Expected, TimeSpan ExpectedWithout)
{
    public TimeSpan Cost => Expected - ExpectedWithout;
}

/// <summary>An operation's waves in the expected schedule (the canary first), and the makespan without them.</summary>
public sealed record WaveSchedule(string Operation, int CanaryTargets, bool CanaryGate, ImmutableArray<int> Steps, TimeSpan? WaveTimeout, PolicyAction OnFailure,
    ImmutableArray<WaveTiming> Waves, TimeSpan Expected, TimeSpan ExpectedWithout)
{
    /// <summary>How many targets (chains) the operation has: the expected waves cover them all unless the run paused.</summary>
    public int Chains { get; init; }
}

/// <summary>One wave as expected: how many targets, from when to when (offsets from the first window's start).</summary>
public sealed record WaveTiming(int Targets, TimeSpan Start, TimeSpan Finish);

/// <summary>Costs budgets and waves by planning again without them (one scheduler run each), and reads the expected run.</summary>
internal static class RateControlCost
{
    public static RateControlEstimate? Measure(MaintenancePlan plan, ExecutionGraph graph, OperationLimits[] limits, WindowSlot[] windows, RunTimeline expected)
    {
        if (graph.RateControl is not { } rate)
        {
            return null;
        }

        // The makespan without each budget, without them all, and without each operation's waves. Runs without
        // budgets go from more budgets kept to fewer, so that each can be found from a run already made (see Costings).
        var costings = new Costings(graph, limits, windows, rate, expected);
        var all = rate.Budgets.Select(b => b.Index).ToArray();
        var withoutEach = rate.Budgets.Select(budget => all.Where(b => b != budget.Index).ToArray()).ToArray();
        var waveSpecs = rate.Waves.OfType<OperationWaves>().ToArray();
        var withoutWaves = costings.Run([.. waveSpecs.Select(spec => new RateControl(rate.Budgets, rate.Groups, rate.StepGroups, [.. rate.Waves.Select(w => w == spec ? null : w)]))]);
        var withoutEachMakespan = costings.WithBudgets(withoutEach);
        var withoutBudgets = rate.HasBudgets ? costings.WithBudgets([[]])[0] : expected.Makespan;
        var chainEnd = waveSpecs.Length > 0 ? ChainEnds(graph, expected) : [];
        var budgets = rate.Budgets.Select((budget, i) =>
        {
            var groups = rate.Groups.Where(g => g.Budget == budget.Index).ToList();
            var (peak, group) = Peak(rate, budget, expected.Scheduler);
            return new BudgetCost(budget.Scope, budget.Spec.Per, budget.Spec.MaxText, groups.Count, groups.Min(g => g.Capacity), groups.Max(g => g.Capacity),
                peak, group, expected.Makespan, withoutEachMakespan[i]);
        });
        var waves = waveSpecs.Select((spec, i) =>
        {
            var operation = plan.Operations[spec.Operation];
            return new WaveSchedule(operation.Id, spec.CanaryTargets, spec.Gate >= 0, operation.RampUp?.Steps ?? [], spec.Timeout, spec.OnFailure,
                Timings(graph, spec, expected, chainEnd), expected.Makespan, withoutWaves[i])
            {
                Chains = graph.Steps.Count(s => s.Acquires && s.Operation == spec.Operation),
            };
        });
        return new RateControlEstimate([.. budgets], [.. waves], withoutBudgets);
    }

    /// <summary>
    /// The expected makespan with some of the budgets kept (or the waves changed): each such run plans the graph again
    /// (~0.1 s for the 100k-LB plan). A budget that never held a step back in a run changed nothing there, so the run
    /// with it left out is the same run: such a costing is read from a run already made (the expected one first), not
    /// made again. The rest run two at a time: the other core is free once the estimate's pessimistic run ends, and
    /// two keep the memory of the runs in flight within the plan's 500 MB; each worker reuses its run's workspace.
    /// </summary>
    private sealed class Costings(ExecutionGraph graph, OperationLimits[] limits, WindowSlot[] windows, RateControl rate, RunTimeline expected)
    {
        // The runs made: which budgets they kept (by Budget.Index), their makespan, and the budgets that held a step back.
        private readonly List<(int[] Kept, TimeSpan Makespan, HashSet<int> HeldBack)> _runs =
            [([.. rate.Budgets.Select(b => b.Index)], expected.Makespan, [.. rate.Budgets.Select(b => b.Index).Where(expected.Scheduler.BudgetHeldBack)])];

        /// <summary>The makespan keeping only each of <paramref name="keptSets"/>' budgets.</summary>
        public TimeSpan[] WithBudgets(int[][] keptSets)
        {
            var makespans = new TimeSpan[keptSets.Length];
            var needed = new List<int>();
            for (var i = 0; i < keptSets.Length; i++)
            {
                if (Known(keptSets[i]) is { } known)
                {
                    makespans[i] = known;
                }
                else if (!needed.Any(n => keptSets[n].SequenceEqual(keptSets[i])))
                {
                    needed.Add(i);
                }
            }

            Run([.. needed.Select(i => rate.WithBudgets(b => keptSets[i].Contains(b.Index)))], keptSets: [.. needed.Select(i => keptSets[i])]);
            for (var i = 0; i < keptSets.Length; i++)
            {
                makespans[i] = Known(keptSets[i]) ?? makespans[i];
            }

            return makespans;
        }

        /// <summary>The makespan with each of <paramref name="variants"/>; <paramref name="keptSets"/> records budget runs for later costings.</summary>
        public TimeSpan[] Run(RateControl[] variants, int[][]? keptSets = null)
        {
            var makespans = new TimeSpan[variants.Length];
            var heldBack = new HashSet<int>[variants.Length];
            Parallel.For(0, variants.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, () => new VirtualRunWorkspace(graph.Steps.Length), (i, _, workspace) =>
            {
                var trial = graph.WithRateControl(variants[i]);
                var run = VirtualRun.Run(trial, new Scheduler(trial, limits, windows), new FixedDurationModel(false), VirtualRun.Defaults, workspace);
                makespans[i] = run.Makespan;
                heldBack[i] = [.. variants[i].Budgets.Select(b => b.Index).Where(run.Scheduler.BudgetHeldBack)];
                return workspace;
            }, _ => { });
            for (var i = 0; keptSets is not null && i < variants.Length; i++)
            {
                _runs.Add((keptSets[i], makespans[i], heldBack[i]));
            }

            return makespans;
        }

        // A run that kept these budgets and more, where none of the more held a step back.
        private TimeSpan? Known(int[] kept) =>
            _runs.FirstOrDefault(r => kept.All(r.Kept.Contains) && r.Kept.Where(b => !kept.Contains(b)).All(b => !r.HeldBack.Contains(b))) is { Kept: not null } run
                ? run.Makespan
                : null;
    }

    /// <summary>
    /// Warns of a wave (not the last) the estimate expects to take longer than its <c>waveTimeout</c>: the run would
    /// pause there every time, and the estimate ends at that pause.
    /// </summary>
    public static void WarnOfLateWaves(MaintenancePlan plan, PlanEstimate estimate, Diagnostics.DiagnosticBag diagnostics)
    {
        foreach (var waves in estimate.RateControl?.Waves ?? [])
        {
            var spec = plan.Operations.First(o => o.Id == waves.Operation);
            if (waves.WaveTimeout is not { } limit || spec.RampUp is null)
            {
                continue;
            }

            // Every wave but the one that ends the operation (it has nothing to widen to).
            var started = 0;
            foreach (var (wave, number) in waves.Waves.Select((w, i) => (w, i + 1)))
            {
                started += wave.Targets;
                if (started >= waves.Chains || wave.Finish - wave.Start <= limit)
                {
                    continue;
                }

                diagnostics.Warning(Diagnostics.DiagnosticCodes.UnsatisfiableBudget, spec.RampUp.Source,
                    $"wave {number} of '{waves.Operation}' is expected to take {Documents.DurationText.Format(wave.Finish - wave.Start)}, longer than its waveTimeout ({Documents.DurationText.Format(limit)}): the run would pause there every time",
                    "raise rampUp.waveTimeout, or make the waves smaller");
            }
        }
    }

    // When each chain (by its first step) gave its slot back in the run: the finish of its last step.
    private static Dictionary<int, TimeSpan> ChainEnds(ExecutionGraph graph, RunTimeline run)
    {
        var ends = new Dictionary<int, TimeSpan>();
        foreach (var step in graph.Steps)
        {
            if (step.SlotHolder >= 0 && run.Scheduler.AttemptOf(step.SlotHolder) > 0)
            {
                ends[step.SlotHolder] = ends.TryGetValue(step.SlotHolder, out var end) && end > run.Finish[step.Index] ? end : run.Finish[step.Index];
            }
        }

        return ends;
    }

    // The most chains of one of the budget's groups in flight at once in the run, and that group (the first such); "" when none ran.
    private static (int Peak, string Group) Peak(RateControl rate, Budget budget, Scheduler run)
    {
        int peak = 0, peakGroup = -1;
        for (var group = 0; group < rate.Groups.Length; group++)
        {
            if (rate.Groups[group].Budget == budget.Index && run.PeakInFlightOf(group) > peak)
            {
                (peak, peakGroup) = (run.PeakInFlightOf(group), group);
            }
        }

        return (peak, peakGroup >= 0 ? rate.Groups[peakGroup].Value : "");
    }

    // The operation's chains in start order, cut into the waves' sizes; the targets left form the last wave.
    private static ImmutableArray<WaveTiming> Timings(ExecutionGraph graph, OperationWaves spec, RunTimeline run, Dictionary<int, TimeSpan> chainEnd)
    {
        var heads = chainEnd.Keys.Where(h => graph.Steps[h].Operation == spec.Operation).OrderBy(h => run.Start[h]).ThenBy(h => h).ToList();
        var waves = ImmutableArray.CreateBuilder<WaveTiming>();
        var from = 0;
        for (var wave = 0; from < heads.Count; wave++)
        {
            var members = heads.Skip(from).Take(Math.Min(spec.SizeOf(wave), heads.Count - from)).ToList();
            waves.Add(new WaveTiming(members.Count, members.Min(h => run.Start[h]), members.Max(h => chainEnd[h])));
            from += members.Count;
        }

        return waves.ToImmutable();
    }
}
