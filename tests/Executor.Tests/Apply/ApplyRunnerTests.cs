using Executor.Apply;
using Executor.Drivers;
using Planner.Events;
using Planner.Scheduling;
using static Executor.Tests.Apply.ApplyFixtures;

namespace Executor.Tests.Apply;

public sealed class ApplyRunnerTests
{
    [Fact]
    public async Task RunAsync_AllSucceed_EveryLbOnceWithinTheConcurrency()
    {
        // Given: 6 LBs, 2 workers
        var plan = FailoverPlan(6, concurrency: 2);
        var driver = new ScriptedDriver();

        // When
        var (result, events) = await Run.Apply(plan, driver);

        // Then
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"{Id(i)}#1").Order(), driver.Runs.Order());
        Assert.Equal(2, driver.MostAtOnce);
        Assert.Equal(RunEventKind.RunStarted, events.Events.First().Kind);
        Assert.Equal("succeeded", events.Events.Last().State);
    }

    [Fact]
    public async Task RunAsync_EachStep_StartIsRecordedBeforeSubmissionAndSubmissionBeforeOutcome()
    {
        // Given
        var plan = FailoverPlan(3);

        // When
        var (_, events) = await Run.Apply(plan, new ScriptedDriver());

        // Then: per LB, started < submitted < finished, and sequence numbers are 1, 2, 3, … without gaps
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([RunEventKind.StepStarted, RunEventKind.StepSubmitted, RunEventKind.StepFinished], events.For(Id(i)).Select(e => e.Kind));
        }

        Assert.Equal(Enumerable.Range(1, events.Events.Count).Select(n => (long)n), events.Events.Select(e => e.Sequence));
        Assert.Contains(events.Events, e => e.Kind == RunEventKind.StepFinished && e.Detail!.Contains("amphora: old → new", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AnAttemptFails_TheSchedulerRetriesIt()
    {
        // Given: lb-01 fails its first attempt; the plan allows 2
        var plan = FailoverPlan(3);
        var driver = new ScriptedDriver().Fail(Id(1), 1);

        // When
        var (result, events) = await Run.Apply(plan, driver);

        // Then: the failure was a verdict (ERROR), so the retry sends again without observing first
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.Contains($"{Id(1)}#2", driver.Runs);
        Assert.Contains(events.For(Id(1)), e => e.Kind == RunEventKind.StepRetrying && e.Detail == "went to ERROR");
        Assert.Empty(driver.Observed);
    }

    [Fact]
    public async Task RunAsync_AnAttemptThrowsAfterItsSubmission_TheRetryObservesAndSendsNothing()
    {
        // Given: lb-01's first attempt is accepted, then its wait breaks off with an error (its outcome unseen)
        var plan = FailoverPlan(3);
        var driver = new ScriptedDriver().Throw(Id(1), 1);

        // When
        var (result, events) = await Run.Apply(plan, driver);

        // Then: attempt 2 observed the accepted failover (it ended ACTIVE) and never ran: one PUT for lb-01
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.Equal([Id(0) + "#1", Id(1) + "#1", Id(2) + "#1"], driver.Runs.Order());
        Assert.Equal([(Id(1), true)], driver.Observed);
        var submitted = events.For(Id(1)).Where(e => e.Kind == RunEventKind.StepSubmitted).ToList();
        Assert.Equal([1, 2], submitted.Select(e => e.Attempt));
        Assert.Equal(ApplyRunner.ObservingDetail(1), submitted[1].Detail);
    }

    [Fact]
    public async Task RunAsync_TheObservingRetryAlsoBreaksOff_TheNextOneObservesAgain()
    {
        // Given: lb-00's attempt 1 is accepted and breaks off; observing it breaks off too (attempt 2), then it ends
        var plan = FailoverPlan(1, retry: "{attempts: 3, delay: 50ms, backoff: 1}");
        var observations = 0;
        var driver = new ScriptedDriver
        {
            Observe = _ => Interlocked.Increment(ref observations) == 1 ? throw new HttpRequestException("reset") : AttemptResult.Success("observed ACTIVE"),
        }.Throw(Id(0), 1);

        // When
        var (result, events) = await Run.Apply(plan, driver);

        // Then: attempts 2 and 3 both observed the one failover attempt 1 sent; nothing was sent again
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.Equal([Id(0) + "#1"], driver.Runs);
        Assert.Equal([(Id(0), true), (Id(0), true)], driver.Observed);
        Assert.Equal([ApplyRunner.ObservingDetail(1), ApplyRunner.ObservingDetail(1)],
            events.For(Id(0)).Where(e => e.Kind == RunEventKind.StepSubmitted && e.Attempt > 1).Select(e => e.Detail));
    }

    [Fact]
    public async Task RunAsync_AnAttemptHangs_ItTimesOutIsCancelledAndFailsWhenAttemptsRunOut()
    {
        // Given: lb-00 hangs on both attempts; each attempt may take 300 ms; observing finds nothing pending
        var plan = FailoverPlan(2, max: "300ms");
        var driver = new ScriptedDriver { Observe = _ => null }.Hang(Id(0), 1).Hang(Id(0), 2);

        // When
        var (result, events) = await Run.Apply(plan, driver);

        // Then: the retry observed what the timed-out attempt had sent before it sent again
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal([(Id(0), true)], driver.Observed);
        Assert.Equal(StepState.Failed, Run.StateOf(result, plan, Id(0)));
        Assert.Equal(StepState.Succeeded, Run.StateOf(result, plan, Id(1)));
        Assert.Equal("timed out", events.For(Id(0)).Last(e => e.Kind == RunEventKind.StepFinished).Detail);
    }

    [Fact]
    public async Task RunAsync_PolicyStops_InFlightFinishTheRestIsNotRun()
    {
        // Given: one worker, no retries; the first failure stops the run
        var plan = FailoverPlan(4, concurrency: 1, retry: "{attempts: 1}", policy: "{maxErrors: 0, onExceeded: stop}");
        var driver = new ScriptedDriver().Fail(Id(1), 1);

        // When
        var (result, _) = await Run.Apply(plan, driver);

        // Then
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal([StepState.Succeeded, StepState.Failed, StepState.NotRun, StepState.NotRun],
            Enumerable.Range(0, 4).Select(i => Run.StateOf(result, plan, Id(i))));
    }

    [Fact]
    public async Task RunAsync_PolicyPauses_EndsNeedingTheOperator()
    {
        // Given
        var plan = FailoverPlan(4, concurrency: 1, retry: "{attempts: 1}", policy: "{maxErrors: 0, onExceeded: pause}");
        var driver = new ScriptedDriver().Fail(Id(0), 1);

        // When
        var (result, _) = await Run.Apply(plan, driver);

        // Then
        Assert.Equal(ApplyOutcome.NeedsOperator, result.Outcome);
        Assert.Single(driver.Runs);
        Assert.Contains("failed target", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AbortRequested_InFlightFinishNothingNewStarts()
    {
        // Given: one worker; the abort arrives while lb-00 is in flight
        var plan = FailoverPlan(3, concurrency: 1);
        var driver = new ScriptedDriver { Duration = TimeSpan.FromMilliseconds(300) };

        // When
        var (result, events) = await Run.Apply(plan, driver, abort: () => driver.Runs.IsEmpty ? null : "mplan abort");

        // Then
        Assert.Equal(ApplyOutcome.Aborted, result.Outcome);
        Assert.Equal(StepState.Succeeded, Run.StateOf(result, plan, Id(0)));
        Assert.Equal(StepState.NotRun, Run.StateOf(result, plan, Id(1)));
        Assert.Equal(["lb-00#1"], driver.Runs);
        Assert.Contains(events.Events, e => e.Kind == RunEventKind.Note && e.Detail == "mplan abort");
    }

    [Fact]
    public async Task RunAsync_Resume_FinishedStepsNeverRunSubmittedOnesAreObserved()
    {
        // Given: lb-00 succeeded, lb-01 failed; lb-02 was submitted; lb-03 started but its PUT is unknown (nothing was sent)
        var plan = FailoverPlan(5);
        var earlier = new Dictionary<string, EarlierStep>
        {
            [Step(plan, 0)] = new("succeeded", false),
            [Step(plan, 1)] = new("failed", false),
            [Step(plan, 2)] = new("submitted", true),
            [Step(plan, 3)] = new("running", false),
        };
        var driver = new ScriptedDriver { Observe = target => target == Id(2) ? AttemptResult.Success("observed ACTIVE") : null };

        // When
        var (result, _) = await Run.Apply(plan, driver, earlier);

        // Then: lb-02 finished by observing only; lb-03 checked, then sent; lb-04 sent; nothing else
        Assert.Equal([Id(3) + "#1", Id(4) + "#1"], driver.Runs.Order());
        Assert.Equal([(Id(2), true), (Id(3), false)], driver.Observed.OrderBy(o => o.Target));
        Assert.Equal(StepState.Failed, Run.StateOf(result, plan, Id(1)));
        Assert.Equal(StepState.Succeeded, Run.StateOf(result, plan, Id(2)));
    }

    [Fact]
    public async Task RunAsync_ResumeOfASubmittedStep_RecordsItSubmittedAgainBeforeItsOutcome()
    {
        // Given: lb-00 was submitted before the interruption, lb-01 only started
        var plan = FailoverPlan(2);
        var earlier = new Dictionary<string, EarlierStep>
        {
            [Step(plan, 0)] = new("submitted", true),
            [Step(plan, 1)] = new("running", false),
        };
        var driver = new ScriptedDriver { Observe = target => target == Id(0) ? AttemptResult.Success("observed ACTIVE") : null };

        // When
        var (_, events) = await Run.Apply(plan, driver, earlier);

        // Then: the journal keeps saying lb-00's failover was sent (a run killed while observing passes that on), without
        // sending it; lb-01's submission is the driver's own
        Assert.Equal([RunEventKind.StepStarted, RunEventKind.StepSubmitted, RunEventKind.StepFinished], events.For(Id(0)).Select(e => e.Kind));
        Assert.Equal(ApplyRunner.ResubmittedDetail, events.For(Id(0)).Single(e => e.Kind == RunEventKind.StepSubmitted).Detail);
        Assert.Equal([RunEventKind.StepStarted, RunEventKind.StepSubmitted, RunEventKind.StepFinished], events.For(Id(1)).Select(e => e.Kind));
        Assert.Equal("PUT failover: 202", events.For(Id(1)).Single(e => e.Kind == RunEventKind.StepSubmitted).Detail);
        Assert.Equal([Id(1) + "#1"], driver.Runs);
    }

    [Fact]
    public async Task RunAsync_ResumeOfAStepWaitingForItsRetry_ChecksReadOnlyFirst()
    {
        // Given: the last run stopped while lb-00 waited for its retry (the failed attempt's outcome may be unseen)
        var plan = FailoverPlan(1);
        var earlier = new Dictionary<string, EarlierStep> { [Step(plan, 0)] = new("waiting_retry", false) };
        var driver = new ScriptedDriver { Observe = _ => null };

        // When
        var (result, _) = await Run.Apply(plan, driver, earlier);

        // Then: a read-only look found nothing pending, and only then it was sent
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.Equal([(Id(0), false)], driver.Observed);
        Assert.Equal([Id(0) + "#1"], driver.Runs);
    }

    [Fact]
    public async Task RunAsync_StopNewRequested_FinishesInFlightAndStops()
    {
        // Given: the operator presses Ctrl-C while lb-00 is in flight
        var plan = FailoverPlan(3, concurrency: 1);
        using var ctrlC = new CancellationTokenSource();
        var driver = new ScriptedDriver().On(Id(0), 1, async token =>
        {
            await ctrlC.CancelAsync();
            await Task.Delay(200, token);
            return AttemptResult.Success();
        });

        // When
        var (result, _) = await Run.Apply(plan, driver, stopNew: ctrlC.Token);

        // Then
        Assert.Equal(ApplyOutcome.Aborted, result.Outcome);
        Assert.Equal(StepState.Succeeded, Run.StateOf(result, plan, Id(0)));
        Assert.Single(driver.Runs);
    }

    [Fact]
    public async Task RunAsync_TheWindowHasClosed_NothingStartsAndTheOperatorDecides()
    {
        // Given: a window that ended yesterday, enforced
        var plan = FailoverPlan(2, window: DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        var driver = new ScriptedDriver();

        // When
        var (result, _) = await Run.Apply(plan, driver, ignoreWindows: false);

        // Then
        Assert.Equal(ApplyOutcome.NeedsOperator, result.Outcome);
        Assert.Empty(driver.Runs);
        Assert.Contains("cutoff", result.Reason, StringComparison.Ordinal);
    }

    private static string Step(Planner.Plans.ResolvedPlan plan, int i) => plan.Graph.Steps.Single(s => s.TargetId == Id(i)).Id;
}
