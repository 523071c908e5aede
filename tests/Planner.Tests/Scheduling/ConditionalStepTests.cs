using Planner.Model;
using Planner.Operations;
using Planner.Scheduling;
using Planner.Tests.TestKit;

namespace Planner.Tests.Scheduling;

/// <summary>
/// Conditional steps (Step.RunsIfFailed): a follow-up runs exactly when its source failed, and otherwise ends Skipped
/// at once, with no time and no slot, in every clock the scheduler drives.
/// </summary>
public sealed class ConditionalStepTests
{
    private static readonly TimeSpan Source = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FollowUp = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void FollowUps_ForRandomSourceOutcomes_RunIffTheirSourceFailed_SkippedOnesTakeNoTime(int seed)
    {
        // Given: n sources in parallel (op 0), then n follow-ups one at a time (op 1); each source fails, is cancelled or succeeds
        var random = new Random(seed);
        var n = random.Next(1, 12);
        var (graph, sources, followUps) = Graph(n, followUpPool: 1);
        var model = new ScriptedModel();
        var outcomes = new StepOutcome[n];
        for (var i = 0; i < n; i++)
        {
            outcomes[i] = (StepOutcome)random.Next(3);
            _ = outcomes[i] switch
            {
                StepOutcome.Failed => model.Fail(sources[i], 1, Source),
                StepOutcome.Cancelled => model.Cancel(sources[i]),
                _ => model,
            };
        }

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, Limits()), model);

        // Then
        var scheduler = run.Scheduler;
        var failed = outcomes.Count(o => o == StepOutcome.Failed);
        for (var i = 0; i < n; i++)
        {
            var ran = scheduler.AttemptOf(followUps[i]) > 0;
            Assert.Equal(outcomes[i] == StepOutcome.Failed, ran);
            Assert.Equal(ran ? StepState.Succeeded : StepState.Skipped, scheduler.StateOf(followUps[i]));
            Assert.Equal(ran, scheduler.ReasonOf(followUps[i]) is null);
        }

        // One slot: the follow-ups that run are back to back after the sources; the skipped ones add nothing.
        var sourcesEnd = outcomes.All(o => o == StepOutcome.Cancelled) ? TimeSpan.FromSeconds(5) : Source; // ScriptedModel cancels after 5 s
        Assert.Equal(sourcesEnd + (failed * FollowUp), run.Makespan);
    }

    [Theory]
    [InlineData(StepOutcome.Succeeded, "not needed: s0 succeeded (SUCCESS)")]
    [InlineData(StepOutcome.Cancelled, "not needed: s0 was cancelled, the target is gone (CANCELLED)")]
    public void FollowUp_WhoseSourceDidNotFail_EndsSkippedWithTheSourcesResult(StepOutcome outcome, string reason)
    {
        // Given
        var (graph, sources, followUps) = Graph(1, followUpPool: 1);
        var model = outcome == StepOutcome.Cancelled ? new ScriptedModel().Cancel(sources[0]) : new ScriptedModel();

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, Limits()), model);

        // Then
        Assert.Equal(reason, run.Scheduler.ReasonOf(followUps[0]));
        Assert.DoesNotContain(model.Calls, c => c.Step == followUps[0]);
    }

    [Fact]
    public void FollowUp_SkippedWhileObserved_ObserverGetsTheSameReasonText()
    {
        // Given: the reason is made lazily for unobserved runs; an observer (the journal, a trace) must get its text
        var (graph, _, followUps) = Graph(2, followUpPool: 1);
        var scheduler = new Scheduler(graph, Limits());
        var observer = new ReasonRecorder();
        scheduler.Observer = observer;

        // When
        VirtualRun.Run(graph, scheduler, new ScriptedModel());

        // Then
        Assert.Equal(["not needed: s0 succeeded (SUCCESS)", "not needed: s1 succeeded (SUCCESS)"], followUps.Select(f => observer.Reasons[f]));
        Assert.Equal(followUps.Select(f => observer.Reasons[f]), followUps.Select(scheduler.ReasonOf));
    }

    private sealed class ReasonRecorder : IRunObserver
    {
        public Dictionary<int, string?> Reasons { get; } = [];

        public void StepStarted(StepStart start, TimeSpan now)
        {
        }

        public void StepRetrying(int step, int attempt, TimeSpan retryAt, string? detail, TimeSpan now)
        {
        }

        public void StepFinished(int step, StepState state, string? reason, TimeSpan now) => Reasons[step] = reason;

        public void Noted(SchedulerNote note)
        {
        }
    }

    [Fact]
    public void FollowUp_InRunsOfOneSchedulerReset_SkippedOrRunAsItsSourceDidInEachRun()
    {
        // Given: one scheduler run three times (as Monte Carlo trials are): the source succeeds, fails, succeeds
        var (graph, sources, followUps) = Graph(1, followUpPool: 1);
        var scheduler = new Scheduler(graph, Limits());
        var reasons = new List<string?>();
        var ran = new List<bool>();

        // When
        foreach (var fails in new[] { false, true, false })
        {
            scheduler.Reset();
            var model = fails ? new ScriptedModel().Fail(sources[0], 1, Source) : new ScriptedModel();
            var run = VirtualRun.Run(graph, scheduler, model);
            reasons.Add(run.Scheduler.ReasonOf(followUps[0]));
            ran.Add(run.Scheduler.AttemptOf(followUps[0]) > 0);
        }

        // Then: the reason kept from the first run is not carried into the second
        Assert.Equal(["not needed: s0 succeeded (SUCCESS)", null, "not needed: s0 succeeded (SUCCESS)"], reasons);
        Assert.Equal([false, true, false], ran);
    }

    [Fact]
    public void Pessimistic_EverySourceFailsItsLastAttempt_SoEveryFollowUpRuns()
    {
        // Given
        var (graph, _, followUps) = Graph(4, followUpPool: 2);

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, Limits()), new FixedDurationModel(true));

        // Then: two rounds of two
        Assert.All(followUps, f => Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(f)));
        Assert.Equal(Source + (2 * FollowUp), run.Makespan);
    }

    [Fact]
    public void Resume_ASourceThatSucceededEarlier_SkipsItsFollowUpAgain_AFailedOneRunsIt()
    {
        // Given: an earlier run finished both sources, one failed
        var (graph, sources, followUps) = Graph(2, followUpPool: 1);
        var earlier = new Dictionary<int, StepState> { [sources[0]] = StepState.Succeeded, [sources[1]] = StepState.Failed };

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, Limits(), alreadyFinished: earlier), new ScriptedModel());

        // Then
        Assert.Equal(StepState.Skipped, run.Scheduler.StateOf(followUps[0]));
        Assert.Equal(StepState.Succeeded, run.Scheduler.StateOf(followUps[1]));
    }

    [Fact]
    public void OutsidePolicy_AFailureIsRecordedButNeverTripsItsOperationsPolicy()
    {
        // Given: op 0 stops at its first failure, but its sources are someone else's work (Rockoon's Job)
        var (graph, sources, followUps) = Graph(3, followUpPool: 1, sourcesOutsidePolicy: true);
        var model = new ScriptedModel().Fail(sources[0], 1).Fail(sources[1], 1);
        OperationLimits[] limits = [new(new FailurePolicy(0, null, false, PolicyAction.Stop), 3), new(FailurePolicy.ContinueAlways, 3)];

        // When
        var run = VirtualRun.Run(graph, new Scheduler(graph, limits), model);

        // Then
        Assert.Empty(run.Scheduler.Notes);
        Assert.Equal([StepState.Succeeded, StepState.Succeeded, StepState.Skipped], followUps.Select(run.Scheduler.StateOf));
    }

    // Sources s0..s(n-1) with no pool, a milestone, then follow-ups in a pool, each following up its source.
    private static (Planner.Graph.ExecutionGraph Graph, int[] Sources, int[] FollowUps) Graph(int n, int followUpPool, bool sourcesOutsidePolicy = false)
    {
        var factory = new GraphFactory();
        var sources = Enumerable.Range(0, n).Select(_ => factory.Step(Source, outsidePolicy: sourcesOutsidePolicy)).ToArray();
        var done = factory.Milestone(sources);
        var pool = factory.Pool(followUpPool);
        var followUps = sources.Select(s => factory.Step(FollowUp, pool, [done], operation: 1, runsIfFailed: s)).ToArray();
        return (factory.Build(), sources, followUps);
    }

    private static OperationLimits[] Limits() => GraphFactory.Limits(FailurePolicy.ContinueAlways, 1, operations: 2);
}
