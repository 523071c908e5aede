using System.Threading.Channels;
using Executor.Drivers;
using Executor.Journal;
using Planner.Events;
using Planner.Plans;
using Planner.Scheduling;

namespace Executor.Apply;

/// <summary>
/// Runs a plan for real: the shared <see cref="Scheduler"/> on the given clock (the wall clock, or a fake one in
/// tests), real drivers doing one attempt at a time, every transition recorded through a <see cref="RunEventRecorder"/>
/// into the sink (the journal first) before the runner acts on it. A step's start is therefore committed before its
/// driver is called, and its submission as soon as the driver reports it. A retry after an attempt that ended without
/// knowing its outcome observes what that attempt may have sent before it sends anything, as a resume does.
/// </summary>
/// <remarks>
/// The scheduler and the recorder are single-threaded: every call to them happens under <see cref="_gate"/>, on the
/// loop or in a driver's <c>Submitted</c> callback. Drivers run concurrently; their results come back through a channel.
/// </remarks>
public sealed class ApplyRunner
{
    private readonly ResolvedPlan _plan;
    private readonly DriverSet _drivers;
    private readonly IRunEventSink _sink;
    private readonly TimeProvider _clock;
    private readonly ApplyOptions _options;
    private readonly IGateDesk? _gateDesk;
    /// <summary>The detail of the step_submitted a resumed run records for an attempt sent before the interruption.</summary>
    public const string ResubmittedDetail = "sent before the interruption; observing its outcome, not sending again";

    /// <summary>The detail of the step_submitted a retry records when it observes what an earlier attempt sent.</summary>
    public static string ObservingDetail(int attempt) =>
        $"accepted in attempt {attempt}, whose outcome no attempt has seen yet; observing it, not sending again";

    private readonly Lock _gate = new();
    private readonly Channel<Completion> _completions = Channel.CreateUnbounded<Completion>();
    private readonly Dictionary<(int Step, int Attempt), CancellationTokenSource> _inFlight = [];

    // Steps whose last attempt may have had an effect nobody saw end, by step id: the next attempt observes first (as a
    // resume does) and sends again only if the driver finds nothing pending. Set when an attempt starts and when its side
    // effect is accepted; removed when that attempt reports how it ended. An attempt that throws or times out leaves it.
    // From the journal on resume (attempt 0): steps that were in flight or waiting for a retry when the last run stopped.
    private readonly Dictionary<string, Unsettled> _unsettled = new(StringComparer.Ordinal);

    /// <summary>A runner for <paramref name="plan"/>; <paramref name="gateDesk"/> is where operators answer its gates (the journal), and without one a paused run ends needing the operator.</summary>
    public ApplyRunner(ResolvedPlan plan, DriverSet drivers, IRunEventSink sink, TimeProvider clock, ApplyOptions? options = null, IGateDesk? gateDesk = null)
    {
        _gateDesk = gateDesk;
        _plan = plan;
        _drivers = drivers;
        _sink = sink;
        _clock = clock;
        _options = options ?? new ApplyOptions();
    }

    /// <summary>Runs the plan to its end, a pause, an abort or a cancellation.</summary>
    /// <param name="runStart">Time zero of the run (a resumed run keeps its first start, so times continue).</param>
    /// <param name="earlier">For resume: each step as the journal left it, by step id; null for a new run.</param>
    /// <param name="firstSequence">The number the first event gets (a resumed run continues the journal's numbering).</param>
    /// <param name="abortRequested">Polled: a reason when an abort was requested from outside (<c>mplan abort</c>), else null.</param>
    /// <param name="stopNew">Ctrl-C once: start nothing new, let in-flight steps finish.</param>
    /// <param name="cancel">Ctrl-C twice: interrupt in-flight attempts too.</param>
    public async Task<ApplyResult> RunAsync(DateTimeOffset runStart, IReadOnlyDictionary<string, EarlierStep>? earlier, long firstSequence,
        Func<string?> abortRequested, CancellationToken stopNew, CancellationToken cancel)
    {
        var recorder = new RunEventRecorder(_plan, runStart, _sink, firstSequence);
        var timeline = new TimelineObserver(_plan.Graph.Steps.Length, recorder);
        var finished = ResumeState(earlier);
        var scheduler = _plan.CreateScheduler(holdOutsideWindows: true, alreadyFinished: finished, runStart: runStart, ignoreWindows: _options.IgnoreWindows);
        var gates = new GateKeeper(_plan, recorder, _gateDesk);
        TimeSpan Now() => _clock.GetUtcNow() - runStart;
        lock (_gate)
        {
            recorder.RunStarted(Now(), earlier is null ? $"apply {_plan.Plan.Metadata.Name}" : $"resume {_plan.Plan.Metadata.Name}");
            scheduler.Observer = timeline;
            gates.RestorePauses(scheduler, Now());
        }

        var nextAbortCheck = TimeSpan.MinValue;
        var hardCancelled = false;
        var stopSignalled = false;
        while (true)
        {
            lock (_gate)
            {
                var now = Now();
                if (now >= nextAbortCheck)
                {
                    nextAbortCheck = now + _options.AbortPollInterval;
                    if (abortRequested() is { } reason)
                    {
                        scheduler.Abort(now, reason);
                    }

                    gates.Answer(scheduler, now);
                }

                if (stopNew.IsCancellationRequested)
                {
                    scheduler.Abort(now, "interrupted by the operator (Ctrl-C): in-flight steps finish, nothing new starts");
                }

                if (scheduler.State == RunState.Stopping && !stopSignalled)
                {
                    stopSignalled = true;
                    _options.Stopping?.Invoke(scheduler.HaltReason);
                }

                foreach (var expired in scheduler.Advance(now))
                {
                    if (!gates.Expired(expired.Step, now))
                    {
                        CancelAttempt(expired.Step, expired.Attempt);
                    }
                }

                if (!hardCancelled)
                {
                    foreach (var start in scheduler.TakeReady(now))
                    {
                        Launch(start, recorder, runStart, cancel, gates);
                    }
                }

                if (scheduler.State == RunState.Paused && scheduler.PausedBy >= 0 && gates.CanWait)
                {
                    gates.OpenPause(scheduler, now);
                }

                // Stopping (an abort, a policy) with nothing left but gates: nobody is going to answer them in this run.
                var onlyGatesLeft = scheduler.State == RunState.Stopping && _inFlight.Count == 0 && gates.OpenSteps > 0 && scheduler.RunningCount == gates.OpenSteps;
                if (scheduler.IsFinished || (hardCancelled && _inFlight.Count == 0) || IsWaitingForOperator(scheduler, gates) || onlyGatesLeft)
                {
                    gates.RunEnding(interrupted: hardCancelled, now);
                    var outcome = Outcome(_plan.Graph, scheduler, hardCancelled, onlyGatesLeft);
                    recorder.RunFinished(Now(), outcome.ToString().ToLowerInvariant(), scheduler.HaltReason);
                    return new ApplyResult(outcome, scheduler.HaltReason, timeline.ToTimeline(scheduler));
                }
            }

            if (cancel.IsCancellationRequested && !hardCancelled)
            {
                hardCancelled = true;
                lock (_gate)
                {
                    scheduler.Abort(Now(), "cancelled by the operator (Ctrl-C twice): in-flight attempts interrupted");
                    foreach (var cts in _inFlight.Values)
                    {
                        cts.Cancel();
                    }
                }
            }

            await WaitForSomething(scheduler, Now, stopNew, cancel);
            while (_completions.Reader.TryRead(out var done))
            {
                lock (_gate)
                {
                    _inFlight.Remove((done.Step, done.Attempt), out var cts);
                    cts?.Dispose();
                    var id = _plan.Graph.Steps[done.Step].Id;
                    if (done.Seen && _unsettled.TryGetValue(id, out var open) && open.Attempt == done.Attempt)
                    {
                        _unsettled.Remove(id);
                    }

                    scheduler.Complete(done.Step, done.Attempt, done.Result.Outcome, Now(), Describe(done.Result));
                }
            }
        }
    }

    // Paused with nothing in flight: only an operator can move the run on. A policy's pause is a gate this run waits at
    // (mplan approve answers it); outside the windows, the run ends and the operator resumes it later.
    private bool IsWaitingForOperator(Scheduler scheduler, GateKeeper gates) =>
        scheduler.State == RunState.Paused && _inFlight.Count == 0 && scheduler.NextWakeUp is null && !(scheduler.PausedBy >= 0 && gates.CanWait);

    private static ApplyOutcome Outcome(Planner.Graph.ExecutionGraph graph, Scheduler scheduler, bool hardCancelled, bool gatesLeft)
    {
        if (hardCancelled)
        {
            return ApplyOutcome.Cancelled;
        }

        if (scheduler.State == RunState.Paused)
        {
            return ApplyOutcome.NeedsOperator;
        }

        // A cancelled target (deleted while handled) is not a failure, as in Rockoon's job: nothing is left to do for it.
        // An LB that Rockoon's Job left failed and a follow-up (select afterRotation: failed) then failed over is not a failure.
        var states = Enumerable.Range(0, scheduler.StepCount).Select(scheduler.StateOf).ToList();
        var recovered = graph.Steps.Where(s => s.RunsIfFailed >= 0 && states[s.Index] == StepState.Succeeded).Select(s => s.RunsIfFailed).ToHashSet();
        if (states.Where((state, step) => state == StepState.Failed && !recovered.Contains(step)).Any())
        {
            return ApplyOutcome.Failed;
        }

        return states.Contains(StepState.NotRun) || gatesLeft ? ApplyOutcome.Aborted : ApplyOutcome.Succeeded;
    }

    private async Task WaitForSomething(Scheduler scheduler, Func<TimeSpan> now, CancellationToken stopNew, CancellationToken cancel)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var wake = scheduler.NextWakeUp;
            wait = wake is { } at ? at - now() : _options.MaxIdle;
        }

        wait = TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.FromMilliseconds(1).Ticks, _options.MaxIdle.Ticks));
        using var timer = new CancellationTokenSource(wait, _clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stopNew.IsCancellationRequested ? CancellationToken.None : stopNew, cancel);
        try
        {
            await _completions.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Time to look at the clock, an abort request or the operator's Ctrl-C.
        }
    }

    private void Launch(StepStart start, RunEventRecorder recorder, DateTimeOffset runStart, CancellationToken cancel, GateKeeper gates)
    {
        var step = _plan.Graph.Steps[start.Step];
        if (step.Kind == Planner.Graph.StepKind.Gate)
        {
            // No driver: the attempt stays open until an operator approves (or it times out, or the run ends).
            _unsettled.Remove(step.Id);
            gates.OpenStep(start, _clock.GetUtcNow() - runStart);
            return;
        }

        var operation = _plan.Plan.Operations[step.Operation];
        var cluster = _plan.OperationAt(step.Operation)?.Cluster ?? "";
        var driver = _drivers.For(operation.Uses, step.Action);
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _inFlight[(start.Step, start.Attempt)] = cts;
        var observe = _unsettled.TryGetValue(step.Id, out var earlier) ? earlier.Submitted : (bool?)null;
        _unsettled[step.Id] = new Unsettled(start.Attempt, observe == true, observe == true ? earlier.AcceptedIn : 0);
        if (observe == true)
        {
            // The new step_started cleared the journal's "submitted" mark: set it again, so a run killed while observing
            // still tells the next resume that the side effect was accepted.
            recorder.StepSubmitted(start.Step, start.Attempt, _clock.GetUtcNow() - runStart,
                earlier.AcceptedIn == 0 ? ResubmittedDetail : ObservingDetail(earlier.AcceptedIn));
        }

        var call = new AttemptCall(step, operation.Uses, cluster, start.Attempt, detail =>
        {
            lock (_gate)
            {
                recorder.StepSubmitted(start.Step, start.Attempt, _clock.GetUtcNow() - runStart, detail);
                if (_unsettled.TryGetValue(step.Id, out var open) && open.Attempt == start.Attempt)
                {
                    _unsettled[step.Id] = open with { Submitted = true, AcceptedIn = start.Attempt };
                }
            }

            return Task.CompletedTask;
        })
        {
            Progress = detail =>
            {
                lock (_gate)
                {
                    recorder.StepProgress(start.Step, start.Attempt, _clock.GetUtcNow() - runStart, detail);
                }

                return Task.CompletedTask;
            },
        };
        _ = Task.Run(async () =>
        {
            var (result, seen) = await Attempt(driver, call, observe, cts.Token);
            _completions.Writer.TryWrite(new Completion(start.Step, start.Attempt, result, seen));
        }, CancellationToken.None);
    }

    // One attempt, as a driver reports it: observed first when an earlier one may have sent something (resumed or
    // retried), and sent only if the driver finds nothing pending. Seen: the driver said how it ended; an exception or an
    // interruption leaves what it may have sent unseen, for the next attempt to observe.
    private static async Task<(AttemptResult Result, bool Seen)> Attempt(IStepDriver? driver, AttemptCall call, bool? observeSubmitted,
        CancellationToken token)
    {
        if (driver is null)
        {
            return (AttemptResult.Failure($"no driver runs {call.Uses} ({call.Step.Action})"), true);
        }

        try
        {
            if (observeSubmitted is { } submitted && await driver.ObserveAsync(call, submitted, token) is { } observed)
            {
                return (observed, true);
            }

            return (await driver.RunAsync(call, token), true);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (AttemptResult.Failure("interrupted (timed out or cancelled by the operator)"), false);
        }
#pragma warning disable CA1031 // A driver's unexpected exception is this attempt's failure, not the run's end.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (AttemptResult.Failure($"{call.Uses} driver error: {e.Message}"), false);
        }
    }

    private static string? Describe(AttemptResult result) =>
        result.Facts is { Count: > 0 } facts
            ? string.Join("; ", new[] { result.Detail }.Where(d => !string.IsNullOrEmpty(d)).Concat(facts.Select(f => $"{f.Key}: {f.Value}")))
            : result.Detail;

    private void CancelAttempt(int step, int attempt)
    {
        if (_inFlight.TryGetValue((step, attempt), out var cts))
        {
            cts.Cancel();
        }
    }

    // Finished steps are never run again; steps in flight when the last run stopped are observed before anything is sent.
    private Dictionary<int, StepState>? ResumeState(IReadOnlyDictionary<string, EarlierStep>? earlier)
    {
        if (earlier is null)
        {
            return null;
        }

        var finished = new Dictionary<int, StepState>();
        foreach (var step in _plan.Graph.Steps)
        {
            if (!earlier.TryGetValue(step.Id, out var state))
            {
                continue;
            }

            // The journal's states are the events' words (RunEvent.StateName) plus running/submitted for attempts in flight.
            var end = Array.Find(FinishedStates, s => RunEvent.StateName(s) == state.State); // Pending when not one of them
            if (end != StepState.Pending)
            {
                finished[step.Index] = end;
            }
            else if (state.State is JournalStepStates.Running or JournalStepStates.Submitted)
            {
                _unsettled[step.Id] = new Unsettled(0, state.Submitted, 0);
            }
            else if (state.State is JournalStepStates.WaitingRetry)
            {
                // The failed attempt's outcome may not have been seen (its journal row keeps no mark): check read-only first.
                _unsettled[step.Id] = new Unsettled(0, false, 0);
            }
        }

        return finished;
    }

    // What a resumed run takes over from the last one; skipped and not-run steps are decided afresh.
    private static readonly StepState[] FinishedStates = [StepState.Succeeded, StepState.Failed, StepState.Cancelled];

    private sealed record Completion(int Step, int Attempt, AttemptResult Result, bool Seen);

    // The attempt that may have left an effect unseen, whether it was accepted, and by which attempt; 0: an attempt of an
    // earlier run, from the journal.
    private readonly record struct Unsettled(int Attempt, bool Submitted, int AcceptedIn);
}

/// <summary>How an apply run ended, with its timeline for the reports.</summary>
public sealed record ApplyResult(ApplyOutcome Outcome, string? Reason, RunTimeline Timeline);
