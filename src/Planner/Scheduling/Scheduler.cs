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
    private readonly OperationLimits[] _limits;
    private readonly StepState[] _state;
    private readonly int[] _pendingDependencies;
    private readonly int[] _attempt;
    private readonly string?[] _reason;
    private readonly bool[] _slotHeld;
    private readonly int[] _poolInUse;
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
    private TimeSpan? _pendingWindowOpen;
    private int _running;
    private int _unfinished;
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
        _limits = [.. limits];
        var count = graph.Steps.Length;
        _state = new StepState[count];
        _pendingDependencies = new int[count];
        _attempt = new int[count];
        _reason = new string?[count];
        _slotHeld = new bool[count];
        _poolInUse = new int[graph.Pools.Length];
        _poolWaiting = new StepQueue[graph.Pools.Length];
        for (var pool = 0; pool < _poolWaiting.Length; pool++)
        {
            _poolWaiting[pool] = new StepQueue();
        }

        _failures = new int[_limits.Length];
        _breached = new bool[_limits.Length];
        _windows = windows is null ? [] : [.. windows];
        _holdOutsideWindows = holdOutsideWindows;
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
        Array.Clear(_state);
        Array.Clear(_attempt);
        Array.Clear(_reason);
        Array.Clear(_slotHeld);
        Array.Clear(_poolInUse);
        Array.Clear(_failures);
        Array.Clear(_breached);
        foreach (var waiting in _poolWaiting)
        {
            waiting.Clear();
        }

        _ready.Clear();
        _continuations.Clear();
        _retries.Clear();
        _deadlines.Clear();
        _milestones.Clear();
        _notes.Clear();
        _pendingWindowOpen = null;
        _running = 0;
        _unfinished = _state.Length;
        State = RunState.Running;
        HaltReason = null;
        StartedOutsideWindows = false;
        var steps = _graph.Steps;
        for (var index = 0; index < steps.Length; index++)
        {
            _pendingDependencies[index] = steps[index].Dependencies.Length;
        }

        // While restoring, a finished step must not become ready when the steps it needs are restored before it.
        _restoring = alreadyFinished;
        for (var index = 0; index < steps.Length; index++)
        {
            if (_state[index] != StepState.Pending)
            {
                continue;
            }

            if (alreadyFinished is not null && alreadyFinished.TryGetValue(index, out var earlier))
            {
                Finish(index, earlier, "finished in an earlier run", TimeSpan.Zero);
                _failures[steps[index].Operation] += earlier == StepState.Failed ? 1 : 0;
            }
            else if (steps[index].Dependencies.Length == 0)
            {
                MakeReady(index);
            }
        }

        _restoring = null;
        SettleMilestones(TimeSpan.Zero);
    }

    public RunState State { get; private set; } = RunState.Running;

    /// <summary>Why the run paused or stopped, for the operator.</summary>
    public string? HaltReason { get; private set; }

    /// <summary>True once a step started after the last window's cutoff (the estimate goes on; apply would have held).</summary>
    public bool StartedOutsideWindows { get; private set; }

    public IReadOnlyList<SchedulerNote> Notes => _notes;

    /// <summary>Told of every transition from now on (a trace, a journal, progress); null for none.</summary>
    public IRunObserver? Observer { get; set; }

    public int RunningCount => _running;

    public int StepCount => _state.Length;

    public StepState StateOf(int step) => _state[step];

    public int AttemptOf(int step) => _attempt[step];

    public string? ReasonOf(int step) => _reason[step];

    public int FailuresOf(int operation) => _failures[operation];

    public bool IsFinished => State == RunState.Finished;

    /// <summary>The next time something is due without outside input: a retry, a timeout or a window opening.</summary>
    public TimeSpan? NextWakeUp
    {
        get
        {
            TimeSpan? next = null;
            if (_retries.TryPeek(out _, out _, out var retry))
            {
                next = retry;
            }

            while (_deadlines.TryPeek(out var step, out var attempt, out _) && !IsCurrent(step, attempt))
            {
                _deadlines.Dequeue();
            }

            if (_deadlines.TryPeek(out _, out _, out var due) && (next is null || due < next))
            {
                next = due;
            }

            if (_ready.Count > 0 && _pendingWindowOpen is { } open && (next is null || open < next))
            {
                next = open;
            }

            return next;
        }
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

    /// <summary>The operator lets a paused run go on (after a failure-policy pause or outside the windows).</summary>
    public void Resume(TimeSpan now)
    {
        if (State == RunState.Paused)
        {
            State = RunState.Running;
            HaltReason = null;
            AddNote(new SchedulerNote(now, -1, "resumed by the operator"));
        }
    }

    /// <summary>Every attempt that may start at <paramref name="now"/>, in step order. Milestones settle here.</summary>
    public IReadOnlyList<StepStart> TakeReady(TimeSpan now)
    {
        var starts = new List<StepStart>();
        TakeReady(now, starts);
        return starts;
    }

    /// <summary>As <see cref="TakeReady(TimeSpan)"/>, adding the starts to <paramref name="starts"/> (a run loop reuses one list).</summary>
    public void TakeReady(TimeSpan now, List<StepStart> starts)
    {
        while (_retries.TryPeek(out var step, out _, out var due) && due <= now)
        {
            _retries.Dequeue();
            starts.Add(Start(step, now));
        }

        while (_continuations.TryDequeue(out var step))
        {
            starts.Add(Start(step, now));
        }

        if (State == RunState.Running && _ready.Count > 0 && WindowAllowsNewWork(now))
        {
            while (_ready.TryDequeue(out var step))
            {
                var definition = _graph.Steps[step];
                if (definition.Acquires)
                {
                    if (_poolInUse[definition.Pool] >= _graph.Pools[definition.Pool].Capacity)
                    {
                        _poolWaiting[definition.Pool].Enqueue(step);
                        continue;
                    }

                    _poolInUse[definition.Pool]++;
                    _slotHeld[step] = true;
                }

                starts.Add(Start(step, now));
            }
        }

        CheckFinished(now);
    }

    /// <summary>Expires attempts past their deadline (they count as failed attempts) and returns them, so the runner can cancel them.</summary>
    public IReadOnlyList<StepStart> Advance(TimeSpan now)
    {
        var expired = new List<StepStart>();
        Advance(now, expired);
        return expired;
    }

    /// <summary>As <see cref="Advance(TimeSpan)"/>, adding the expired attempts to <paramref name="expired"/>.</summary>
    public void Advance(TimeSpan now, List<StepStart> expired)
    {
        while (_deadlines.TryPeek(out var step, out var attempt, out var due) && due <= now)
        {
            _deadlines.Dequeue();
            if (IsCurrent(step, attempt))
            {
                expired.Add(new StepStart(step, attempt, due));
                Complete(step, attempt, StepOutcome.Failed, now, "timed out");
            }
        }
    }

    /// <summary>Records an attempt's outcome. A late report for an attempt that already timed out is ignored.</summary>
    public void Complete(int step, int attempt, StepOutcome outcome, TimeSpan now, string? detail = null)
    {
        if (_state[step] != StepState.Running || _attempt[step] != attempt)
        {
            return;
        }

        _running--;
        var definition = _graph.Steps[step];
        switch (outcome)
        {
            case StepOutcome.Succeeded:
                Finish(step, StepState.Succeeded, detail, now);
                break;
            case StepOutcome.Cancelled:
                Finish(step, StepState.Cancelled, detail ?? "the target disappeared while it was handled", now);
                break;
            case StepOutcome.Failed when attempt < definition.Attempts:
                _state[step] = StepState.WaitingRetry;
                _reason[step] = detail;
                var retryAt = now + definition.RetryWait(attempt + 1);
                _retries.Enqueue(retryAt, step, 0);
                Observer?.StepRetrying(step, attempt, retryAt, detail, now);
                break;
            default:
                Finish(step, StepState.Failed, detail ?? "failed", now);
                RecordFailure(definition.Operation, now);
                break;
        }

        SettleMilestones(now);
        CheckFinished(now);
    }

    private bool IsCurrent(int step, int attempt) => _state[step] == StepState.Running && _attempt[step] == attempt;

    private StepStart Start(int step, TimeSpan now)
    {
        var definition = _graph.Steps[step];
        _state[step] = StepState.Running;
        var attempt = ++_attempt[step];
        _running++;
        TimeSpan? deadline = definition.Max > TimeSpan.Zero ? now + definition.Max : null;
        if (deadline is { } at)
        {
            _deadlines.Enqueue(at, step, attempt);
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
        }
    }
}
