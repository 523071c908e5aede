using System.Runtime.CompilerServices;
using Planner.Graph;
using Planner.Model;

namespace Planner.Scheduling;

/// <summary>
/// The one scheduler the estimate, the simulator and apply share. Pure and single-threaded: it is told the time
/// and what happened, and answers what may start. It owns dependencies, pools, windows, retries with backoff,
/// timeouts, failure policies (stop, pause, continue), abort and resume. Drivers and models only run attempts.
/// </summary>
/// <remarks>
/// Ready steps start in step-index order (the expanders' order: API order for LBs), so a run is deterministic.
/// A target's chain of steps holds one pool slot from its first step to its last, and while it waits to retry.
/// "New work" (a step that would take a slot or is not inside a running chain) is what pauses, stops and closed
/// windows hold back; chains and retries already under way always finish.
/// </remarks>
public sealed partial class Scheduler
{
    private readonly ExecutionGraph _graph;
    private readonly StepTraits[] _traits;
    private readonly OperationLimits[] _limits;
    private readonly StepProgress[] _progress;
    private readonly string?[] _reason;
    private readonly int[] _poolInUse;
    private readonly int[] _poolCapacity;
    private readonly StepQueue[] _poolWaiting;
    private readonly StepQueue _ready = new();
    private readonly StepQueue _continuations = new();
    private readonly TimedQueue _retries = new();
    private readonly TimedQueue _deadlines = new();
    private readonly int[] _failures;
    private readonly bool[] _breached;
    private readonly WindowSlot[] _windows;
    private readonly bool _holdOutsideWindows;
    private readonly List<SchedulerNote> _notes = [];

    // Whether any step is conditional (Step.RunsIfFailed): most graphs have none, and then readiness checks nothing more.
    private readonly bool _hasConditions;

    // When the next window opens while ready work waits for it, in ticks; TimedQueue.Never for none.
    private long _pendingWindowOpen;
    private int _running;
    private int _unfinished;
    private long _attemptsStarted;
    private IReadOnlyDictionary<int, StepState>? _restoring;

    /// <param name="graph">The execution graph.</param>
    /// <param name="limits">Failure handling per operation index (the graph's <see cref="Step.Operation"/>).</param>
    /// <param name="windows">When new work may start; empty means always.</param>
    /// <param name="holdOutsideWindows">Apply holds new work after the last window (a pause); the estimate goes on and reports it.</param>
    /// <param name="alreadyFinished">
    /// Steps a journal says finished in an earlier run (resume), with how: succeeded, failed or cancelled. They are
    /// never started again; failed ones count toward their operation's failures again (without re-announcing a breach).
    /// </param>
    public Scheduler(ExecutionGraph graph, IReadOnlyList<OperationLimits> limits, IReadOnlyList<WindowSlot>? windows = null,
        bool holdOutsideWindows = false, IReadOnlyDictionary<int, StepState>? alreadyFinished = null)
    {
        _graph = graph;
        _traits = graph.Traits;
        _hasConditions = !graph.ConditionSources.IsEmpty;
        _limits = [.. limits];
        var count = graph.Steps.Length;
        _progress = new StepProgress[count];
        _reason = new string?[count];
        _poolInUse = new int[graph.Pools.Length];
        _poolCapacity = [.. graph.Pools.Select(pool => pool.Capacity)];
        _poolWaiting = new StepQueue[graph.Pools.Length];
        for (var pool = 0; pool < _poolWaiting.Length; pool++)
        {
            _poolWaiting[pool] = new StepQueue();
        }

        _failures = new int[_limits.Length];
        _breached = new bool[_limits.Length];
        _windows = windows is null ? [] : [.. windows];
        _holdOutsideWindows = holdOutsideWindows;
        _rate = graph.RateControl;
        if (_rate is not null)
        {
            InitRateControl(out _groupInUse, out _groupCapacity, out _groupWaiting, out _waves, out _groupStart, out _groupOf);
            _hasWaves = _waves.Any(w => w is not null);
        }

        Reset(alreadyFinished);
    }

    /// <summary>
    /// Puts the scheduler back at the start of a run (same graph, limits and windows), reusing its memory: Monte Carlo
    /// trials run one after another on a thread without allocating a scheduler each. The observer stays.
    /// </summary>
    /// <param name="alreadyFinished">As for the constructor: steps an earlier run finished.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Once per run, over every step: straight to optimised code.
    public void Reset(IReadOnlyDictionary<int, StepState>? alreadyFinished = null)
    {
        Array.Clear(_reason);
        Array.Clear(_poolInUse);
        Array.Clear(_failures);
        Array.Clear(_breached);
        foreach (var waiting in _poolWaiting)
        {
            waiting.Clear();
        }

        if (_rate is not null)
        {
            ResetRateControl();
        }

        _ready.Clear();
        _continuations.Clear();
        _retries.Clear();
        _deadlines.Clear();
        _milestones.Clear();
        _notes.Clear();
        _pendingWindowOpen = TimedQueue.Never;
        _running = 0;
        _unfinished = _progress.Length;
        _attemptsStarted = 0;
        State = RunState.Running;
        HaltReason = null;
        PausedBy = -1;
        StartedOutsideWindows = false;
        for (var index = 0; index < _progress.Length; index++)
        {
            _progress[index] = new StepProgress { PendingDependencies = _traits[index].Dependencies };
        }

        // While restoring, a finished step must not become ready when the steps it needs are restored before it.
        _restoring = alreadyFinished;
        for (var index = 0; index < _progress.Length; index++)
        {
            if (_progress[index].State != StepState.Pending)
            {
                continue;
            }

            if (alreadyFinished is not null && alreadyFinished.TryGetValue(index, out var earlier))
            {
                Finish(index, earlier, "finished in an earlier run", TimeSpan.Zero);
                _failures[_traits[index].Operation] += earlier == StepState.Failed && !_graph.Steps[index].OutsidePolicy ? 1 : 0;
            }
            else if (_traits[index].Dependencies == 0)
            {
                MakeReady(index, TimeSpan.Zero);
            }
        }

        _restoring = null;
        SettleMilestones(TimeSpan.Zero);
    }

    public RunState State { get; private set; } = RunState.Running;

    /// <summary>Why the run paused or stopped, for the operator.</summary>
    public string? HaltReason { get; private set; }

    /// <summary>The operation whose failure policy paused the run; -1 when it is not paused by a policy (or not paused).</summary>
    public int PausedBy { get; private set; } = -1;

    /// <summary>True once a step started after the last window's cutoff (the estimate goes on; apply would have held).</summary>
    public bool StartedOutsideWindows { get; private set; }

    public IReadOnlyList<SchedulerNote> Notes => _notes;

    /// <summary>Told of every transition from now on (a trace, a journal, progress); null for none.</summary>
    public IRunObserver? Observer { get; set; }

    public int RunningCount => _running;

    public int StepCount => _progress.Length;

    public StepState StateOf(int step) => _progress[step].State;

    public int AttemptOf(int step) => _progress[step].Attempt;

    /// <summary>Attempts started in this run, every step's together (each is two step events: its start and its end).</summary>
    public long AttemptsStarted => _attemptsStarted;

    public string? ReasonOf(int step) => ReferenceEquals(_reason[step], SourceSucceededMark) ? SourceSucceededReason(step) : _reason[step];

    public int FailuresOf(int operation) => _failures[operation];

    public bool IsFinished => State == RunState.Finished;

    /// <summary>The next time something is due without outside input: a retry, a timeout or a window opening.</summary>
    public TimeSpan? NextWakeUp => NextWakeUpTicks() is var next && next != TimedQueue.Never ? new TimeSpan(next) : null;

    /// <summary>As <see cref="NextWakeUp"/>, in ticks; <see cref="TimedQueue.Never"/> for nothing due.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Once per event, into the run loop.
    internal long NextWakeUpTicks()
    {
        // Deadlines of attempts that already ended are dropped here, lazily, rather than searched for when they end.
        while (_deadlines.TryPeek(out var deadline) && !IsCurrent(deadline.Step, deadline.Attempt))
        {
            _deadlines.Dequeue();
        }

        var next = Math.Min(_retries.FirstTicks, _deadlines.FirstTicks);
        return _ready.Count > 0 ? Math.Min(next, _pendingWindowOpen) : next;
    }

    /// <summary>Starts nothing new; in-flight steps finish; what never started ends NOT_RUN.</summary>
    public void Abort(TimeSpan now, string reason = "aborted by the operator")
    {
        if (State is RunState.Running or RunState.Paused)
        {
            State = RunState.Stopping;
            HaltReason = reason;
            AddNote(new SchedulerNote(now, -1, reason));
            CheckFinished(now);
        }
    }

    /// <summary>
    /// Pauses the run as <paramref name="operation"/>'s failure policy did in an earlier run that stopped while its
    /// operator had not answered yet (resume): nothing new starts until <see cref="Resume"/>.
    /// </summary>
    public void Pause(TimeSpan now, int operation, string reason)
    {
        if (State == RunState.Running)
        {
            State = RunState.Paused;
            HaltReason = reason;
            PausedBy = operation;
            _breached[operation] = true; // Answered once, as the original breach would have been.
            AddNote(new SchedulerNote(now, operation, reason));
        }
    }

    /// <summary>The operator lets a paused run go on (after a failure-policy pause or outside the windows).</summary>
    public void Resume(TimeSpan now)
    {
        if (State == RunState.Paused)
        {
            State = RunState.Running;
            HaltReason = null;
            PausedBy = -1;
            AddNote(new SchedulerNote(now, -1, "resumed by the operator"));
        }
    }

    /// <summary>Every attempt that may start at <paramref name="now"/>, in step order. Milestones settle here.</summary>
    public IReadOnlyList<StepStart> TakeReady(TimeSpan now)
    {
        var starts = new StepStarts();
        TakeReady(now, starts);
        return starts.ToArray();
    }

    /// <summary>As <see cref="TakeReady(TimeSpan)"/>, adding the starts to <paramref name="starts"/> (a run loop reuses one buffer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Per event: optimised from the first call (HotPaths).
    internal void TakeReady(TimeSpan now, StepStarts starts)
    {
        while (_retries.FirstTicks <= now.Ticks)
        {
            starts.Add(Start(_retries.Dequeue().Step, now));
        }

        while (_continuations.TryDequeue(out var step))
        {
            starts.Add(Start(step, now));
        }

        if (State == RunState.Running && _ready.Count > 0 && WindowAllowsNewWork(now))
        {
            while (_ready.TryDequeue(out var step))
            {
                ref readonly var traits = ref _traits[step];
                if (traits.Acquires)
                {
                    if (_poolInUse[traits.Pool] >= _poolCapacity[traits.Pool])
                    {
                        _poolWaiting[traits.Pool].Enqueue(step);
                        continue;
                    }

                    if (_rate is not null && !AdmitRated(step, traits.Pool, traits.Operation, now))
                    {
                        continue;
                    }

                    _poolInUse[traits.Pool]++;
                    _progress[step].SlotHeld = true;
                }

                starts.Add(Start(step, now));
            }
        }

        CheckFinished(now);
    }

    /// <summary>Expires attempts past their deadline (they count as failed attempts) and returns them, so the runner can cancel them.</summary>
    public IReadOnlyList<StepStart> Advance(TimeSpan now)
    {
        var expired = new StepStarts();
        Advance(now, expired);
        return expired.ToArray();
    }

    /// <summary>As <see cref="Advance(TimeSpan)"/>, adding the expired attempts to <paramref name="expired"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Per event: optimised from the first call (HotPaths).
    internal void Advance(TimeSpan now, StepStarts expired)
    {
        while (_deadlines.FirstTicks <= now.Ticks)
        {
            var deadline = _deadlines.Dequeue();
            if (IsCurrent(deadline.Step, deadline.Attempt))
            {
                expired.Add(new StepStart(deadline.Step, deadline.Attempt, new TimeSpan(deadline.At)));
                Complete(deadline.Step, deadline.Attempt, StepOutcome.Failed, now, "timed out");
            }
        }
    }

    /// <summary>Records an attempt's outcome. A late report for an attempt that already timed out is ignored.</summary>
    public void Complete(int step, int attempt, StepOutcome outcome, TimeSpan now, string? detail = null) =>
        CompleteAttempt(step, attempt, outcome, now, detail);

    /// <summary>As <see cref="Complete"/>; true when the report ended the step (it neither was late nor left a retry due).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Per event: optimised from the first call (HotPaths).
    internal bool CompleteAttempt(int step, int attempt, StepOutcome outcome, TimeSpan now, string? detail)
    {
        if (!IsCurrent(step, attempt))
        {
            return false;
        }

        _running--;
        var ended = true;
        switch (outcome)
        {
            case StepOutcome.Succeeded:
                Finish(step, StepState.Succeeded, detail, now);
                break;
            case StepOutcome.Cancelled:
                Finish(step, StepState.Cancelled, detail ?? "the target disappeared while it was handled", now);
                break;
            case StepOutcome.Failed when attempt < _traits[step].Attempts:
                _progress[step].State = StepState.WaitingRetry;
                _reason[step] = detail;
                var retryAt = now + _graph.Steps[step].RetryWait(attempt + 1);
                _retries.Enqueue(retryAt, step, 0);
                Observer?.StepRetrying(step, attempt, retryAt, detail, now);
                ended = false;
                break;
            default:
                Finish(step, StepState.Failed, detail ?? "failed", now);
                if (!_graph.Steps[step].OutsidePolicy)
                {
                    RecordFailure(_traits[step].Operation, now);
                }

                break;
        }

        SettleMilestones(now);
        CheckFinished(now);
        return ended;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsCurrent(int step, int attempt)
    {
        ref readonly var progress = ref _progress[step];
        return progress.State == StepState.Running && progress.Attempt == attempt;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Per event: optimised from the first call (HotPaths).
    private StepStart Start(int step, TimeSpan now)
    {
        ref var progress = ref _progress[step];
        progress.State = StepState.Running;
        var attempt = ++progress.Attempt;
        _running++;
        _attemptsStarted++;
        var max = _traits[step].MaxTicks;
        TimeSpan? deadline = null;
        if (max > 0)
        {
            deadline = new TimeSpan(now.Ticks + max);
            _deadlines.Enqueue(deadline.Value, step, attempt);
        }

        var start = new StepStart(step, attempt, deadline);
        Observer?.StepStarted(start, now);
        return start;
    }

    private void RecordFailure(int operation, TimeSpan now)
    {
        _failures[operation]++;
        var limits = _limits[operation];
        if (_breached[operation] || !limits.Policy.IsBreached(_failures[operation], limits.Targets))
        {
            return;
        }

        _breached[operation] = true;
        var message = $"{_failures[operation]} failed target(s): {limits.Policy.Describe()}";
        AddNote(new SchedulerNote(now, operation, message));
        if (limits.Policy.Action == PolicyAction.Stop && State != RunState.Stopping)
        {
            State = RunState.Stopping;
            HaltReason = message;
        }
        else if (limits.Policy.Action == PolicyAction.Pause && State == RunState.Running)
        {
            State = RunState.Paused;
            HaltReason = message;
            PausedBy = operation;
        }
    }
}
