using System.Runtime.CompilerServices;

namespace Planner.Scheduling;

/// <summary>Terminal states, slot release, dependency propagation, milestones, windows and the end of the run.</summary>
public sealed partial class Scheduler
{
    private readonly Queue<int> _milestones = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Per event: optimised from the first call (HotPaths).
    private void Finish(int step, StepState state, string? reason, TimeSpan now)
    {
        _progress[step].State = state;
        if (reason is not null || _reason[step] is not null)
        {
            _reason[step] = reason;
        }

        _unfinished--;
        Observer?.StepFinished(step, state, reason, now);
        ref readonly var traits = ref _traits[step];
        var holder = traits.SlotHolder;
        if (holder >= 0 && _progress[holder].SlotHeld && (traits.Releases || state != StepState.Succeeded))
        {
            if (_rate is not null)
            {
                ReleaseRated(holder, state == StepState.Failed, now);
            }

            ReleaseSlot(holder, traits.Pool);
        }
        else if (_hasWaves)
        {
            FinishedRated(step, state, now);
        }

        foreach (var dependent in _graph.DependentsOf(step))
        {
            ref var progress = ref _progress[dependent];
            if (state == StepState.Succeeded || _traits[dependent].IsMilestone)
            {
                if (--progress.PendingDependencies == 0 && progress.State == StepState.Pending)
                {
                    MakeReady(dependent, now);
                }
            }
            else if (progress.State == StepState.Pending)
            {
                Finish(dependent, StepState.Skipped, $"{_graph.Steps[step].Id} {Describe(state)}", now);
            }
        }
    }

    private static string Describe(StepState state) => state switch
    {
        StepState.Failed => "failed",
        StepState.Cancelled => "was cancelled",
        StepState.Skipped => "was skipped",
        _ => "did not run",
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Per event, small: not worth a call.
    private void ReleaseSlot(int holder, int pool)
    {
        _progress[holder].SlotHeld = false;
        _poolInUse[pool]--;
        if (_poolWaiting[pool].TryDequeue(out var next))
        {
            _ready.Enqueue(next);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Per event, small: not worth a call.
    private void MakeReady(int step, TimeSpan now)
    {
        if (_restoring?.ContainsKey(step) == true)
        {
            return;
        }

        ref readonly var traits = ref _traits[step];
        if (_hasConditions && FollowUpNotNeeded(step) is { } reason)
        {
            Finish(step, StepState.Skipped, reason, now);
        }
        else if (traits.IsMilestone)
        {
            _milestones.Enqueue(step);
        }
        else if (_hasWaves && ParkGate(step))
        {
            return;
        }
        else
        {
            _progress[step].State = StepState.Ready;
            (traits.Continues ? _continuations : _ready).Enqueue(step);
        }
    }

    // Milestones are joins with no work: they complete as soon as they are ready.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Per event, small: not worth a call.
    private void SettleMilestones(TimeSpan now)
    {
        while (_milestones.Count > 0 && _milestones.TryDequeue(out var milestone))
        {
            Finish(milestone, StepState.Succeeded, null, now);
        }
    }

    private bool WindowAllowsNewWork(TimeSpan now)
    {
        _pendingWindowOpen = TimedQueue.Never;
        if (_windows.Length == 0)
        {
            return true;
        }

        foreach (var window in _windows)
        {
            if (now < window.Open)
            {
                _pendingWindowOpen = window.Open.Ticks;
                return false;
            }

            if (now < window.LastStart)
            {
                return true;
            }
        }

        if (_holdOutsideWindows)
        {
            State = RunState.Paused;
            HaltReason = "the last maintenance window's cutoff has passed";
            AddNote(new SchedulerNote(now, -1, HaltReason));
            return false;
        }

        StartedOutsideWindows = true;
        return true;
    }

    private void AddNote(SchedulerNote note)
    {
        _notes.Add(note);
        Observer?.Noted(note);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Called on every event; the run rarely ends.
    private void CheckFinished(TimeSpan now)
    {
        if (_running == 0 && _retries.Count == 0 && State != RunState.Finished)
        {
            EndIfDone(now);
        }
    }

    private void EndIfDone(TimeSpan now)
    {
        if (State == RunState.Stopping)
        {
            for (var step = 0; step < _progress.Length; step++)
            {
                ref var progress = ref _progress[step];
                if (progress.State is StepState.Pending or StepState.Ready)
                {
                    progress.State = StepState.NotRun;
                    _reason[step] = HaltReason;
                    _unfinished--;
                    Observer?.StepFinished(step, StepState.NotRun, HaltReason, now);
                }
            }

            State = RunState.Finished;
        }
        else if (_unfinished == 0)
        {
            State = RunState.Finished;
        }
    }
}
