using Planner.Graph;

namespace Planner.Scheduling;

/// <summary>Terminal states, slot release, dependency propagation, milestones, windows and the end of the run.</summary>
public sealed partial class Scheduler
{
    private readonly Queue<int> _milestones = new();

    private void Finish(int step, StepState state, string? reason, TimeSpan now)
    {
        _state[step] = state;
        _reason[step] = reason;
        _unfinished--;
        Observer?.StepFinished(step, state, reason, now);
        var definition = _graph.Steps[step];
        var holder = definition.SlotHolder;
        if (holder >= 0 && _slotHeld[holder] && (definition.Releases || state != StepState.Succeeded))
        {
            ReleaseSlot(holder, definition.Pool);
        }

        foreach (var dependent in _graph.DependentsOf(step))
        {
            var tolerant = _graph.Steps[dependent].Kind == StepKind.Milestone;
            if (state == StepState.Succeeded || tolerant)
            {
                if (--_pendingDependencies[dependent] == 0 && _state[dependent] == StepState.Pending)
                {
                    MakeReady(dependent);
                }
            }
            else if (_state[dependent] == StepState.Pending)
            {
                Finish(dependent, StepState.Skipped, $"{definition.Id} {Describe(state)}", now);
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

    private void ReleaseSlot(int holder, int pool)
    {
        _slotHeld[holder] = false;
        _poolInUse[pool]--;
        if (_poolWaiting[pool].TryDequeue(out var next))
        {
            _ready.Enqueue(next);
        }
    }

    private void MakeReady(int step)
    {
        if (_restoring?.ContainsKey(step) == true)
        {
            return;
        }

        if (_graph.Steps[step].Kind == StepKind.Milestone)
        {
            _milestones.Enqueue(step);
        }
        else
        {
            // A later step of a chain already holding a slot is in-flight work, never held back.
            var definition = _graph.Steps[step];
            _state[step] = StepState.Ready;
            (definition.SlotHolder >= 0 && !definition.Acquires ? _continuations : _ready).Enqueue(step);
        }
    }

    // Milestones are joins with no work: they complete as soon as they are ready.
    private void SettleMilestones(TimeSpan now)
    {
        while (_milestones.TryDequeue(out var milestone))
        {
            Finish(milestone, StepState.Succeeded, null, now);
        }
    }

    private bool WindowAllowsNewWork(TimeSpan now)
    {
        _pendingWindowOpen = null;
        if (_windows.Length == 0)
        {
            return true;
        }

        foreach (var window in _windows)
        {
            if (now < window.Open)
            {
                _pendingWindowOpen = window.Open;
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

    private void CheckFinished(TimeSpan now)
    {
        if (_running > 0 || _retries.Count > 0 || State == RunState.Finished)
        {
            return;
        }

        if (State == RunState.Stopping)
        {
            for (var step = 0; step < _state.Length; step++)
            {
                if (_state[step] is StepState.Pending or StepState.Ready)
                {
                    _state[step] = StepState.NotRun;
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
