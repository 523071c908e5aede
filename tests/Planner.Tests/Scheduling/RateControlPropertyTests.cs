using System.Collections.Immutable;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Model;
using Planner.Operations;
using Planner.Scheduling;
using Planner.Tests.TestKit;

namespace Planner.Tests.Scheduling;

/// <summary>
/// Properties of budgets and waves, checked on 200 seeded random plans: several operations of chains in pools, random
/// budget groups per operation and across operations, random ramp-up steps and canary gates, random durations.
/// </summary>
/// <remarks>
/// As in the estimate, the targets of one operation take the same time (its expected duration); operations differ.
/// With a different time per target, a greedy scheduler can finish sooner under an extra limit (Graham's anomaly: held
/// back, a short target lets a long one start earlier), so "never below" is a property of the estimate, not of every
/// simulated trial.
/// </remarks>
public sealed class RateControlPropertyTests
{
    private const int Plans = 200;

    [Fact]
    public void Run_RandomPlans_NoBudgetIsEverExceeded()
    {
        for (var seed = 1; seed <= Plans; seed++)
        {
            // Given
            var plan = RandomPlan.Create(seed);

            // When
            var run = plan.Run(plan.Graph);

            // Then: a chain counts toward its groups from its first step's start to its last step's finish
            var rate = plan.Graph.RateControl!;
            for (var group = 0; group < rate.Groups.Length; group++)
            {
                var events = plan.Heads
                    .Where(h => rate.StepGroups[h].Contains(group))
                    .SelectMany(h => new[] { (At: run.Start[h], Delta: 1), (At: plan.ChainEnd(run, h), Delta: -1) })
                    .OrderBy(e => e.At).ThenBy(e => e.Delta);
                int inFlight = 0, most = 0;
                foreach (var (at, delta) in events)
                {
                    inFlight += delta;
                    most = Math.Max(most, inFlight);
                    Assert.True(inFlight <= rate.Groups[group].Capacity,
                        $"seed {seed}: group {rate.Groups[group].Value} of budget {rate.Groups[group].Budget} has {inFlight} in flight at {at} > {rate.Groups[group].Capacity}");
                }

                // ... and the scheduler's own count of the most at once (the estimate reports it) is the same
                Assert.Equal(most, run.Scheduler.PeakInFlightOf(group));
            }

            // Every target ran; a canary gate is skipped only when the canaries were all the targets there were.
            Assert.All(plan.Graph.Steps.Where(s => s.Kind != StepKind.Gate), s => Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(s.Index)));
            foreach (var waves in rate.Waves.OfType<OperationWaves>().Where(w => w.Gate >= 0))
            {
                var targets = plan.Heads.Count(h => plan.Graph.Steps[h].Operation == waves.Operation);
                Assert.Equal(targets > waves.CanaryTargets ? StepState.Succeeded : StepState.Skipped, run.Scheduler.StateOf(waves.Gate));
            }
        }
    }

    [Fact]
    public void Run_RandomPlans_NoWaveStartsBeforeThePreviousWaveEnds()
    {
        var waved = 0;
        for (var seed = 1; seed <= Plans; seed++)
        {
            // Given
            var plan = RandomPlan.Create(seed);

            // When
            var run = plan.Run(plan.Graph);

            // Then: the operation's chains in start order, cut into the wave sizes
            foreach (var waves in plan.Graph.RateControl!.Waves.OfType<OperationWaves>())
            {
                waved++;
                var heads = plan.Heads.Where(h => plan.Graph.Steps[h].Operation == waves.Operation).OrderBy(h => run.Start[h]).ThenBy(h => h).ToList();
                var from = 0;
                var previousEnd = TimeSpan.Zero;
                for (var wave = 0; from < heads.Count; wave++)
                {
                    var members = heads.Skip(from).Take(waves.SizeOf(wave)).ToList();
                    var start = members.Min(h => run.Start[h]);
                    Assert.True(start >= previousEnd, $"seed {seed}: wave {wave + 1} of operation {waves.Operation} starts at {start}, before wave {wave} ended at {previousEnd}");
                    if (wave == 1 && waves.Gate >= 0)
                    {
                        Assert.True(run.Start[waves.Gate] >= previousEnd, $"seed {seed}: the canary gate opened before the canaries ended");
                        Assert.True(start >= run.Finish[waves.Gate], $"seed {seed}: wave 2 started before the canary gate passed");
                    }

                    previousEnd = members.Max(h => plan.ChainEnd(run, h));
                    from += members.Count;
                }
            }
        }

        Assert.True(waved > Plans / 2, $"only {waved} operations had waves");
    }

    [Fact]
    public void Run_RandomPlans_MakespanWithBudgetsIsNeverBelowWithout()
    {
        var binding = 0;
        for (var seed = 1; seed <= Plans; seed++)
        {
            // Given
            var plan = RandomPlan.Create(seed);
            var without = plan.Graph.WithRateControl(plan.Graph.RateControl!.WithBudgets(_ => false));

            // When
            var limited = plan.Run(plan.Graph);
            var free = plan.Run(without);

            // Then
            Assert.True(limited.Makespan >= free.Makespan, $"seed {seed}: {limited.Makespan} with budgets < {free.Makespan} without");
            binding += limited.Makespan > free.Makespan ? 1 : 0;
        }

        // The budgets are not idle: in many plans they make the run longer.
        Assert.True(binding > Plans / 4, $"budgets lengthened only {binding} of {Plans} plans");
    }

    [Fact]
    public void Run_RandomPlans_ABudgetThatHeldNothingBack_LeftOutGivesTheSameRun()
    {
        int idle = 0, holding = 0;
        for (var seed = 1; seed <= Plans; seed++)
        {
            // Given
            var plan = RandomPlan.Create(seed);
            var limited = plan.Run(plan.Graph);

            foreach (var budget in plan.Graph.RateControl!.Budgets)
            {
                if (limited.Scheduler.BudgetHeldBack(budget.Index))
                {
                    holding++;
                    continue;
                }

                // When: planned again without a budget that never held a step back
                var without = plan.Run(plan.Graph.WithRateControl(plan.Graph.RateControl.WithBudgets(b => b.Index != budget.Index)));

                // Then: every step starts and ends as it did (the estimate costs such a budget from the run it has)
                idle++;
                Assert.True(limited.Start.SequenceEqual(without.Start) && limited.Finish.SequenceEqual(without.Finish),
                    $"seed {seed}: leaving out budget {budget.Index} ({budget.Describe()}), which held nothing back, changed the run");
                Assert.Equal(limited.Makespan, without.Makespan);
            }
        }

        // Both kinds are common in these plans.
        Assert.True(idle > Plans / 4 && holding > Plans / 4, $"{idle} idle and {holding} holding budgets");
    }

    [Fact]
    public void Run_RandomPlansWithResetScheduler_GiveTheFreshSchedule()
    {
        for (var seed = 1; seed <= 40; seed++)
        {
            // Given: a scheduler that already ran the plan once (Monte Carlo trials reuse it)
            var plan = RandomPlan.Create(seed);
            var scheduler = new Scheduler(plan.Graph, plan.Limits);
            VirtualRun.Run(plan.Graph, scheduler, plan.Model);

            // When
            scheduler.Reset();
            var again = VirtualRun.Run(plan.Graph, scheduler, plan.Model);

            // Then
            var fresh = plan.Run(plan.Graph);
            Assert.Equal(fresh.Start, again.Start);
            Assert.Equal(fresh.Finish, again.Finish);
        }
    }

    /// <summary>A random plan: operations in sequence or parallel, each a pool of single steps and chains, with budgets and waves.</summary>
    private sealed class RandomPlan
    {
        private RandomPlan(ExecutionGraph graph, List<int> heads, TimeSpan[] durations, int operations)
        {
            Graph = graph;
            Heads = heads;
            Model = new TableModel(durations);
            Limits = [.. Enumerable.Repeat(new OperationLimits(FailurePolicy.ContinueAlways, 0), operations)];
        }

        public ExecutionGraph Graph { get; }

        /// <summary>Every chain's first step.</summary>
        public List<int> Heads { get; }

        public IAttemptModel Model { get; }

        public OperationLimits[] Limits { get; }

        public RunTimeline Run(ExecutionGraph graph) => VirtualRun.Run(graph, new Scheduler(graph, Limits), Model);

        public TimeSpan ChainEnd(RunTimeline run, int head) =>
            Graph.Steps.Where(s => s.SlotHolder == head).Max(s => run.Finish[s.Index]);

        public static RandomPlan Create(int seed)
        {
            var random = new Random(seed);
            var steps = new List<Step>();
            var pools = new List<ConcurrencyPool>();
            var heads = new List<int>();
            var headGroup = new Dictionary<int, (int Operation, string Value, string Zone)>();
            var gates = new Dictionary<int, int>();
            var milestones = new List<int>();
            var operations = random.Next(1, 5);
            int Add(Func<int, Step> create)
            {
                steps.Add(create(steps.Count));
                return steps.Count - 1;
            }

            for (var operation = 0; operation < operations; operation++)
            {
                var pool = pools.Count;
                pools.Add(new ConcurrencyPool(pool, $"pool-{pool}", random.Next(1, 8)));
                int[] after = milestones.Count > 0 && random.Next(2) == 0 ? [milestones[random.Next(milestones.Count)]] : [];
                var op = operation;
                var entry = Add(i => new Step { Index = i, Id = $"op{op}:start", Operation = op, Kind = StepKind.Milestone, Action = "milestone", Dependencies = after });
                var sinks = new List<int>();
                if (random.Next(3) == 0)
                {
                    gates[operation] = Add(i => new Step { Index = i, Id = $"op{op}:canary-approval", Operation = op, Kind = StepKind.Gate, Action = "approve", Expected = TimeSpan.FromMinutes(5), Dependencies = [entry] });
                    sinks.Add(gates[operation]);
                }

                var projects = random.Next(1, 6);
                var targets = random.Next(1, 40);
                var links = random.Next(3) == 0 ? random.Next(2, 4) : 1;
                var linkTime = TimeSpan.FromSeconds(random.Next(1, 600));
                for (var target = 0; target < targets; target++)
                {
                    var head = steps.Count;
                    for (var link = 0; link < links; link++)
                    {
                        var (first, last, previous) = (link == 0, link == links - 1, steps.Count - 1);
                        Add(i => new Step
                        {
                            Index = i, Id = $"op{op}/t{target}/{link}", Operation = op, Kind = StepKind.Action, Action = "work", TargetId = $"t{target}",
                            Pool = pool, Acquires = first, Releases = last, SlotHolder = head, Dependencies = first ? [entry] : [previous], Expected = linkTime,
                        });
                    }

                    heads.Add(head);
                    headGroup[head] = (operation, $"p{random.Next(projects)}", $"z{random.Next(3)}");
                    sinks.Add(steps.Count - 1);
                }

                var done = Add(i => new Step { Index = i, Id = $"op{op}:done", Operation = op, Kind = StepKind.Milestone, Action = "milestone", Dependencies = [.. sinks] });
                milestones.Add(done);
            }

            var rate = RateControlOf(random, heads, headGroup, gates, steps.Count, operations);
            var durations = steps.Select(s => s.Kind switch
            {
                StepKind.Milestone => TimeSpan.Zero,
                StepKind.Gate => TimeSpan.FromSeconds(random.Next(1, 900)),
                _ => s.Expected,
            }).ToArray();
            return new RandomPlan(new ExecutionGraph([.. steps], [.. pools]) { RateControl = rate }, heads, durations, operations);
        }

        // A per-project budget on some operations, a plan-wide per-zone budget across all, waves on some.
        private static RateControl RateControlOf(Random random, List<int> heads, Dictionary<int, (int Operation, string Value, string Zone)> headGroup,
            Dictionary<int, int> gates, int stepCount, int operations)
        {
            var budgets = new List<Budget>();
            var groups = new List<BudgetGroup>();
            var stepGroups = new int[stepCount][];
            Array.Fill(stepGroups, []);
            void AddBudget(int operation, string per, Func<int, string> valueOf, IEnumerable<int> members)
            {
                var spec = new BudgetSpec(per, random.Next(1, 4), null, new SourceLocation("plan.yaml", 1, 1), new SourceLocation("plan.yaml", 1, 1));
                var budget = new Budget(budgets.Count, operation, operation < 0 ? "plan" : $"op{operation}", spec);
                budgets.Add(budget);
                var indexOf = new Dictionary<string, int>();
                foreach (var head in members)
                {
                    var value = valueOf(head);
                    if (!indexOf.TryGetValue(value, out var group))
                    {
                        group = indexOf[value] = groups.Count;
                        groups.Add(new BudgetGroup(budget.Index, "c", value, 0, spec.MaxCount!.Value));
                    }

                    stepGroups[head] = [.. stepGroups[head], group];
                }
            }

            for (var operation = 0; operation < operations; operation++)
            {
                if (random.Next(3) > 0)
                {
                    var op = operation;
                    AddBudget(operation, "project", h => headGroup[h].Value, heads.Where(h => headGroup[h].Operation == op));
                }
            }

            if (random.Next(2) == 0 || budgets.Count == 0)
            {
                AddBudget(-1, "availabilityZone", h => headGroup[h].Zone, heads);
            }

            var waves = new OperationWaves?[operations];
            for (var operation = 0; operation < operations; operation++)
            {
                var hasGate = gates.TryGetValue(operation, out var gate);
                if (hasGate || random.Next(2) == 0)
                {
                    var canary = hasGate ? random.Next(1, 3) : 0;
                    ImmutableArray<int> sizes = [.. hasGate ? [canary] : Array.Empty<int>(), .. Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(1, 6))];
                    waves[operation] = new OperationWaves(operation, sizes.IsEmpty ? [1] : sizes, null, PolicyAction.Pause, hasGate ? gate : -1, canary);
                }
            }

            return new RateControl([.. budgets], [.. groups], stepGroups, [.. waves]);
        }
    }
}
