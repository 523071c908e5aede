using System.Runtime.CompilerServices;
using Planner.Model;

namespace Planner.Scheduling;

/// <summary>
/// Impact budgets and waves (ramp-up, canary): what may start beyond the pools. Only plans that have them pay for it:
/// without rate control the scheduler never comes here. A chain counts toward its budget groups and its wave from its
/// first step to its last, as it holds its pool slot; each group keeps a counter, so a start costs O(groups of the step).
/// </summary>
/// <remarks>
/// A step held back waits in one queue: its pool's, its wave's or the first full group's. When a step is held by a
/// later limit after passing earlier ones, those earlier limits have room, so one of their waiters gets a turn: no
/// free slot is left idle while someone waits for it.
/// </remarks>
public sealed partial class Scheduler
{
    private readonly RateControl? _rate;
    private readonly int[] _groupInUse = [];
    private readonly int[] _groupCapacity = [];
    private readonly StepQueue[] _groupWaiting = [];
    private readonly WaveProgress?[] _waves = [];

    // The groups of step i are _groupOf[_groupStart[i].._groupStart[i + 1]]: one flat array, read on every start and release.
    private readonly int[] _groupStart = [];
    private readonly int[] _groupOf = [];

    // Whether any operation has waves: without, a finished step needs no wave bookkeeping.
    private readonly bool _hasWaves;

    // Per budget (by Budget.Index), whether it held a step back in this run (see BudgetHeldBack).
    private bool[] _heldBack = [];

    // Per group, the most of its chains in flight at once in this run (see PeakInFlightOf).
    private int[] _groupPeak = [];

    private void InitRateControl(out int[] groupInUse, out int[] groupCapacity, out StepQueue[] groupWaiting, out WaveProgress?[] waves,
        out int[] groupStart, out int[] groupOf)
    {
        var rate = _graph.RateControl!;
        groupInUse = new int[rate.Groups.Length];
        groupCapacity = [.. rate.Groups.Select(g => g.Capacity)];
        (groupStart, groupOf) = rate.FlatStepGroups;
        groupWaiting = new StepQueue[rate.Groups.Length];
        for (var group = 0; group < groupWaiting.Length; group++)
        {
            groupWaiting[group] = new StepQueue();
        }

        _groupPeak = new int[rate.Groups.Length];
        _heldBack = new bool[rate.Budgets.Length == 0 ? 0 : rate.Budgets.Max(b => b.Index) + 1];
        var heads = new int[_limits.Length];
        foreach (ref readonly var traits in _traits.AsSpan())
        {
            heads[traits.Operation] += traits.Acquires ? 1 : 0;
        }

        waves = new WaveProgress?[_limits.Length];
        foreach (var spec in rate.Waves)
        {
            if (spec is not null)
            {
                waves[spec.Operation] = new WaveProgress(spec, heads[spec.Operation]);
            }
        }
    }

    private void ResetRateControl()
    {
        Array.Clear(_groupInUse);
        Array.Clear(_heldBack);
        Array.Clear(_groupPeak);
        foreach (var waiting in _groupWaiting)
        {
            waiting.Clear();
        }

        foreach (var waves in _waves)
        {
            waves?.Reset();
        }
    }

    /// <summary>How many chains of budget group <paramref name="group"/> are in flight now (for tests and progress).</summary>
    public int InFlightOf(int group) => _groupInUse[group];

    /// <summary>
    /// The most chains of budget group <paramref name="group"/> in flight at once in this run. A chain that ends lets go
    /// before one that starts at the same instant takes its place, so back to back is not overlap.
    /// </summary>
    public int PeakInFlightOf(int group) => _groupPeak[group];

    /// <summary>
    /// Whether budget <paramref name="budget"/> (its <see cref="Budget.Index"/>) held a step back in this run: found a
    /// group of it full when the step could otherwise start. One that never did changed nothing: without it the run is
    /// the same (the estimate costs such a budget without running again).
    /// </summary>
    public bool BudgetHeldBack(int budget) => budget < _heldBack.Length && _heldBack[budget];

    /// <summary>The wave an operation's next targets start in (0 for the first); -1 when it has no waves.</summary>
    public int WaveOf(int operation) => _waves.Length > operation && _waves[operation] is { } waves ? waves.Wave : -1;

    // The pool has room for the step; may its budgets and its operation's wave take it too? If not, it waits.
    private bool AdmitRated(int step, int pool, int operation, TimeSpan now)
    {
        var waves = _hasWaves ? _waves[operation] : null;
        if (waves is not null)
        {
            if (waves.RefusedBecause is { } refused)
            {
                Finish(step, StepState.Skipped, refused, now);
                return false;
            }

            if (waves.Holding)
            {
                waves.Waiting.Enqueue(step);
                PassOn(step, pool, 0);
                return false;
            }
        }

        var groups = GroupsOf(step);
        for (var i = 0; i < groups.Length; i++)
        {
            var group = groups[i];
            if (_groupInUse[group] >= _groupCapacity[group])
            {
                _heldBack[_rate!.Groups[group].Budget] = true;
                _groupWaiting[group].Enqueue(step);
                PassOn(step, pool, i);
                return false;
            }
        }

        foreach (var group in groups)
        {
            _groupPeak[group] = Math.Max(_groupPeak[group], ++_groupInUse[group]);
        }

        waves?.Admit(now);
        return true;
    }

    // The step waits on a later limit: its pool and its first groups have room, so one of their waiters may go.
    private void PassOn(int step, int pool, int groupsPassed)
    {
        if (_poolWaiting[pool].TryDequeue(out var next))
        {
            _ready.Enqueue(next);
        }

        var groups = GroupsOf(step);
        for (var i = 0; i < groupsPassed; i++)
        {
            if (_groupWaiting[groups[i]].TryDequeue(out next))
            {
                _ready.Enqueue(next);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Per start and release.
    private ReadOnlySpan<int> GroupsOf(int step) => _groupOf.AsSpan(_groupStart[step], _groupStart[step + 1] - _groupStart[step]);

    // A chain ends (or failed), before it gives its pool slot back: its groups and its wave have one fewer in flight. A
    // group's waiter whose pool is full waits for the pool in its queue rather than go round the ready queue: the slot
    // about to be freed goes to the pool's first waiter, in step order, and no step is taken out only to be put back.
    private void ReleaseRated(int holder, bool failed, TimeSpan now)
    {
        foreach (var group in GroupsOf(holder))
        {
            _groupInUse[group]--;
            if (_groupWaiting[group].TryDequeue(out var next))
            {
                var pool = _traits[next].Pool;
                (_poolInUse[pool] >= _poolCapacity[pool] ? _poolWaiting[pool] : _ready).Enqueue(next);
            }
        }

        if (_hasWaves && _waves[_traits[holder].Operation] is { } waves)
        {
            waves.InFlight--;
            waves.Failed += failed ? 1 : 0;
            EndWaveIfDone(waves, now);
        }
    }

    // A step finished: a head that never started leaves its wave's count; a restored head counts as run; a gate opens or refuses.
    private void FinishedRated(int step, StepState state, TimeSpan now)
    {
        ref readonly var traits = ref _traits[step];
        if (traits.Acquires && _progress[step].Attempt == 0 && _waves[traits.Operation] is { } waves)
        {
            if (_restoring is not null)
            {
                waves.Admit(now);
                waves.InFlight--;
            }
            else
            {
                waves.Remaining--;
            }

            EndWaveIfDone(waves, now);
        }
        else if (!traits.Acquires && _rate!.IsGate(step) && _waves[traits.Operation] is { } gated)
        {
            if (state == StepState.Succeeded)
            {
                gated.GateState = GateState.Passed;
                ReleaseWaiting(gated);
            }
            else
            {
                gated.GateState = GateState.Refused;
                gated.RefusedBecause = $"the canary gate {_graph.Steps[step].Id} {Describe(state)}";
                while (gated.Waiting.TryDequeue(out var waiting))
                {
                    Finish(waiting, StepState.Skipped, gated.RefusedBecause, now);
                }
            }
        }
    }

    // A canary gate became ready: it waits for its canary wave to end.
    private bool ParkGate(int step)
    {
        if (!_rate!.IsGate(step) || _waves[_traits[step].Operation] is not { } waves)
        {
            return false;
        }

        _progress[step].State = StepState.Ready;
        if (waves.Wave > 0)
        {
            _ready.Enqueue(step);
            waves.GateState = GateState.Released;
        }
        else
        {
            waves.GateState = GateState.Parked;
        }

        return true;
    }

    private void EndWaveIfDone(WaveProgress waves, TimeSpan now)
    {
        if (waves.InFlight > 0 || (waves.Remaining > 0 && waves.Started < waves.Spec.SizeOf(waves.Wave)))
        {
            return;
        }

        if (waves.Started > 0)
        {
            // The last wave has nothing to widen to: its failures are the failure policy's alone.
            var late = waves.Spec.Timeout is { } limit && now - waves.StartedAt > limit;
            if ((waves.Failed > 0 || late) && waves.Remaining > 0 && _restoring is null)
            {
                WaveFailed(waves, late, now);
            }

            waves.Wave++;
            waves.Started = 0;
            waves.Failed = 0;
        }

        if (waves.GateState == GateState.Parked)
        {
            if (waves.Remaining == 0)
            {
                Finish(waves.Spec.Gate, StepState.Skipped, "no targets are left after the canary", now);
            }
            else
            {
                waves.GateState = GateState.Released;
                _ready.Enqueue(waves.Spec.Gate);
            }
        }
        else if (!waves.Holding)
        {
            ReleaseWaiting(waves);
        }
    }

    private void ReleaseWaiting(WaveProgress waves)
    {
        while (waves.Waiting.TryDequeue(out var step))
        {
            _ready.Enqueue(step);
        }
    }

    // Falls back as the operation's failure policy says: stop, or pause for the operator (continue pauses too: widening after a failed wave is what a ramp-up is there to prevent).
    private void WaveFailed(WaveProgress waves, bool late, TimeSpan now)
    {
        var operation = waves.Spec.Operation;
        var what = waves.Wave == 0 && waves.Spec.CanaryTargets > 0 ? "the canary wave" : $"wave {waves.Wave + 1}";
        var message = late
            ? $"{what} ({waves.Started} target(s)) took {Documents.DurationText.Format(now - waves.StartedAt)}, longer than its {Documents.DurationText.Format(waves.Spec.Timeout!.Value)}; not widening"
            : $"{what} ({waves.Started} target(s)) had {waves.Failed} failed target(s); not widening";
        AddNote(new SchedulerNote(now, operation, message));
        if (waves.Spec.OnFailure == PolicyAction.Stop && State != RunState.Stopping)
        {
            State = RunState.Stopping;
            HaltReason = message;
        }
        else if (waves.Spec.OnFailure != PolicyAction.Stop && State == RunState.Running)
        {
            State = RunState.Paused;
            HaltReason = message;
            PausedBy = operation;
        }
    }

    private enum GateState : byte
    {
        None,
        Parked,
        Released,
        Passed,
        Refused,
    }

    /// <summary>Where one operation's waves are in the current run.</summary>
    private sealed class WaveProgress(OperationWaves spec, int heads)
    {
        // How many chains the operation has: every run starts with them all to come.
        private readonly int _heads = heads;


        public OperationWaves Spec { get; } = spec;

        public StepQueue Waiting { get; } = new();

        public int Wave;
        public int Started;
        public int InFlight;
        public int Failed;
        public int Remaining;
        public TimeSpan StartedAt;
        public GateState GateState;
        public string? RefusedBecause;

        /// <summary>New targets wait: the wave is full, or the canary wave ended and its gate has not passed.</summary>
        public bool Holding => Started >= Spec.SizeOf(Wave) || (Spec.Gate >= 0 && Wave > 0 && GateState != GateState.Passed);

        public void Admit(TimeSpan now)
        {
            StartedAt = Started == 0 ? now : StartedAt;
            Started++;
            InFlight++;
            Remaining--;
        }

        public void Reset()
        {
            Waiting.Clear();
            Wave = Started = InFlight = Failed = 0;
            Remaining = _heads;
            StartedAt = TimeSpan.Zero;
            GateState = GateState.None;
            RefusedBecause = null;
        }
    }
}
