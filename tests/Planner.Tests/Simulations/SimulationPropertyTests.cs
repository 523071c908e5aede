using Planner.Diagnostics;
using Planner.Events;
using Planner.Plans;
using Planner.Scheduling;
using Planner.Tests.Corpus;
using Simulator.Engine;
using Simulator.Sampling;

namespace Planner.Tests.Simulations;

/// <summary>What must hold for every example plan: the engine is the estimate's, statistics add up, seeds repeat, resume is exact.</summary>
public sealed class SimulationPropertyTests
{
    private static readonly string PlansDirectory = Path.Combine(RepositoryPaths.Root, "plans");

    public static TheoryData<string> ExamplePlans() => [.. Directory.GetFiles(PlansDirectory, "*.yaml").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ExamplePlans))]
    public void Trial_WithExpectedDurationsAndNoFaults_MakespanEqualsTheEstimate(string example)
    {
        // Given
        var plan = Load(example);

        // When
        var run = Trial.Run(plan, SimulationProfile.Expected(plan), 1);

        // Then
        Assert.Equal(plan.Estimate.Expected, run.Timeline.Makespan);
        foreach (var timing in plan.Estimate.Operations)
        {
            Assert.Equal(timing.Finish, run.Timeline.Finish[plan.Operations.Single(o => o.Index == timing.Operation).DoneStep]);
        }
    }

    [Theory]
    [MemberData(nameof(ExamplePlans))]
    public void Reports_ForSeveralSeeds_StatusCountsAddUpToTargetsAndSkipped(string example)
    {
        // Given
        var (plan, profile) = LoadWithBehaviour(example);

        foreach (var seed in new ulong[] { 1, 2, 3, 4, 5 })
        {
            // When
            var result = Simulation.Run(plan, profile, new SimulationOptions { Seed = seed });

            // Then
            foreach (var report in result.Reports)
            {
                Assert.Equal(report.Operation.Targets.Length + report.Operation.Skipped.Length, report.Counts.Total);
                if (report.Failover is { } failover)
                {
                    Assert.Equal(report.Counts, failover.Counts);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ExamplePlans))]
    public void TrialRunner_ReusedForManySeeds_EachTrialEqualsAFreshOne(string example)
    {
        // Given: one runner (as a Monte Carlo thread keeps), trials with faults, retries, pauses and stops
        var (plan, profile) = LoadWithBehaviour(example);
        var runner = new TrialRunner(plan, profile);

        foreach (var seed in new ulong[] { 1, 2, 3, 40, 41 })
        {
            // When
            var reused = Snapshot(plan, runner.Run(seed));
            var fresh = Snapshot(plan, Trial.Run(plan, profile, seed));

            // Then: nothing of the earlier trial leaks into the next one
            Assert.Equal(fresh, reused);
        }
    }

    [Theory]
    [InlineData("{maxErrors: 1, onExceeded: pause}")]
    [InlineData("{maxErrors: 2, onExceeded: stop}")]
    [InlineData("{maxErrors: 0, onExceeded: continue}")]
    public void TrialRunner_AfterBreachesAndTimeouts_EachTrialEqualsAFreshOne(string policy)
    {
        // Given: most attempts fail, one LB is stuck past its timeout, and the policy breaches
        var (plan, profile) = SimKit.Build(
            SimKit.FailoverPlan("concurrency: 3", "duration: {expected: 1m, max: 2m}", "retry: {attempts: 2, delay: 5s}", $"failurePolicy: {policy}"),
            SimKit.LoadBalancers(12, ["kinds: {octavia.loadbalancer-failover: {failureProbability: 0.6}}", "targets: {lb-03: {fault: stuck}}"]));
        var runner = new TrialRunner(plan, profile);

        foreach (var seed in new ulong[] { 1, 2, 3, 4, 5, 6 })
        {
            // When
            var reused = Snapshot(plan, runner.Run(seed));
            var fresh = Snapshot(plan, Trial.Run(plan, profile, seed));

            // Then
            Assert.Equal(fresh, reused);
            Assert.Contains("failed target", fresh, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ExamplePlans))]
    public void Simulation_SameSeed_SameSummary_OtherSeed_Differs(string example)
    {
        // Given
        var (plan, profile) = LoadWithBehaviour(example);

        // When
        var first = Simulation.Run(plan, profile, new SimulationOptions { Seed = 7, Trials = 40 });
        var again = Simulation.Run(plan, profile, new SimulationOptions { Seed = 7, Trials = 40 });
        var other = Simulation.Run(plan, profile, new SimulationOptions { Seed = 8, Trials = 40 });

        // Then
        Assert.Equal(first.Trials.Select(t => t.Makespan), again.Trials.Select(t => t.Makespan));
        Assert.Equal(first.Summary.Makespan, again.Summary.Makespan);
        Assert.NotEqual(first.Trials.Select(t => t.Makespan), other.Trials.Select(t => t.Makespan));
    }

    [Theory]
    [InlineData("amphora-rotation.yaml", 600)]
    [InlineData("amphora-rotation.yaml", 1500)]
    [InlineData("kube-rootca-update.yaml", 5400)]
    [InlineData("combined.yaml", 20000)]
    [InlineData("cluster-update.yaml", 9000)]
    public void Resume_AfterACrashAtT_EndsInTheSameStates_NoFinishedStepStartsAgain(string example, int crashSeconds)
    {
        // Given: an uninterrupted trial, and its journal: the steps that finished by T (in-flight attempts are lost)
        var (plan, profile) = LoadWithBehaviour(example);
        var seed = SplitMix64.TrialSeed(3, 0);
        var journal = new JournalObserver();
        var whole = Trial.Run(plan, profile, seed, journal);
        var crash = TimeSpan.FromSeconds(crashSeconds);
        var finished = journal.FinishedBy(crash);
        Assert.NotEmpty(finished);

        // When: a new scheduler resumes from the journal at T, with the same per-(step, attempt) draws
        var restarted = new JournalObserver();
        var resumed = Trial.Run(plan, profile, seed, restarted, crash, finished);

        // Then
        for (var step = 0; step < plan.Graph.Steps.Length; step++)
        {
            Assert.True(whole.Timeline.Scheduler.StateOf(step) == resumed.Timeline.Scheduler.StateOf(step),
                $"{plan.Graph.Steps[step].Id}: {whole.Timeline.Scheduler.StateOf(step)} vs {resumed.Timeline.Scheduler.StateOf(step)}; resumed {resumed.Timeline.Scheduler.State} {resumed.Timeline.Scheduler.HaltReason}");
        }

        Assert.True(!restarted.Started.Any(finished.ContainsKey), string.Join(", ", restarted.Started.Where(finished.ContainsKey).Select(s => plan.Graph.Steps[s].Id + " " + finished[s])));
        Assert.True(resumed.Timeline.Makespan >= crash);
    }

    // Everything a trial decided, copied out (a runner's timeline lives only until its next trial).
    private static string Snapshot(ResolvedPlan plan, TrialRun run)
    {
        var timeline = run.Timeline;
        var scheduler = timeline.Scheduler;
        var steps = plan.Graph.Steps.Select(s =>
            $"{s.Index}:{timeline.Start[s.Index].Ticks}-{timeline.Finish[s.Index].Ticks}/{timeline.Enabler[s.Index]}/{scheduler.StateOf(s.Index)}/{scheduler.AttemptOf(s.Index)}/{scheduler.ReasonOf(s.Index)}");
        var notes = scheduler.Notes.Select(n => $"{n.At.Ticks}:{n.Operation}:{n.Message}");
        return string.Join("\n", [$"{timeline.Makespan.Ticks} {scheduler.State} {scheduler.HaltReason} {scheduler.StartedOutsideWindows} {run.Interventions} {run.Pauses}", .. steps, .. notes]);
    }

    private static ResolvedPlan Load(string example)
    {
        var diagnostics = new DiagnosticBag();
        var plan = PlanBuilder.Build(example, new CaseFileSource(PlansDirectory, new Dictionary<string, byte[]>()), new Dictionary<string, string>(), diagnostics);
        Assert.NotNull(plan);
        return plan;
    }

    private static (ResolvedPlan Plan, SimulationProfile Profile) LoadWithBehaviour(string example)
    {
        var plan = Load(example);
        var diagnostics = new DiagnosticBag();
        var profile = SimulationProfile.Build(plan, diagnostics);
        Assert.NotNull(profile);
        return (plan, profile);
    }

    /// <summary>What a journal keeps: each step's terminal state (succeeded, failed, cancelled) and when; and every start.</summary>
    private sealed class JournalObserver : IRunObserver
    {
        private readonly List<(int Step, StepState State, TimeSpan At)> _finished = [];

        public List<int> Started { get; } = [];

        public Dictionary<int, StepState> FinishedBy(TimeSpan crash) =>
            _finished.Where(f => f.At <= crash && f.State is StepState.Succeeded or StepState.Failed or StepState.Cancelled)
                .ToDictionary(f => f.Step, f => f.State);

        public void StepStarted(StepStart start, TimeSpan now) => Started.Add(start.Step);

        public void StepRetrying(int step, int attempt, TimeSpan retryAt, string? detail, TimeSpan now)
        {
        }

        public void StepFinished(int step, StepState state, string? reason, TimeSpan now) => _finished.Add((step, state, now));

        public void Noted(SchedulerNote note)
        {
        }
    }
}
