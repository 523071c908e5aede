using System.Globalization;
using Executor.Journal;
using Planner.Events;
using Planner.Plans;
using Planner.Scheduling;

namespace Executor.Apply;

/// <summary>
/// The runner's gates: gate steps (a <c>manual.approval</c>, an operation's <c>approval:</c>) and failure-policy
/// pauses. Each waits, recorded as gate_waiting, until the <see cref="IGateDesk"/> has an approval for it, its step
/// times out, or the run ends. A gate step is no driver call: the runner holds its attempt open. Not thread-safe: the
/// runner calls it under its lock.
/// </summary>
internal sealed class GateKeeper(ResolvedPlan plan, RunEventRecorder recorder, IGateDesk? desk)
{
    private readonly Dictionary<string, OpenGate> _open = new(StringComparer.Ordinal);

    /// <summary>Whether an operator can answer here; without a desk a paused run ends needing the operator, as before gates.</summary>
    public bool CanWait => desk is not null;

    /// <summary>Gate steps whose attempt is held open.</summary>
    public int OpenSteps => _open.Values.Count(g => g.Step >= 0);

    public bool IsOpen => _open.Count > 0;

    /// <summary>Starts a gate step's attempt: it waits from now on.</summary>
    public void OpenStep(StepStart start, TimeSpan now)
    {
        var step = plan.Graph.Steps[start.Step];
        var message = step.Detail ?? $"approve {step.Id}";
        _open[step.Id] = new OpenGate(step.Id, start.Step, start.Attempt, step.Operation);
        recorder.GateWaiting(step.Id, start.Step, step.Operation, message, start.Deadline, now);
    }

    /// <summary>Opens the gate of the failure-policy pause the scheduler is in, unless one is open already.</summary>
    public void OpenPause(Scheduler scheduler, TimeSpan now, string? id = null, string? message = null)
    {
        var operation = scheduler.PausedBy;
        if (operation < 0 || _open.Values.Any(g => g.Step < 0))
        {
            return;
        }

        var gate = id ?? $"{plan.Plan.Operations[operation].Id}:pause-{scheduler.FailuresOf(operation).ToString(CultureInfo.InvariantCulture)}";
        _open[gate] = new OpenGate(gate, -1, 0, operation);
        recorder.GateWaiting(gate, -1, operation, message ?? $"paused: {scheduler.HaltReason}. Approve to go on, or mplan abort to stop", null, now);
    }

    /// <summary>Resume: pauses an earlier run left unanswered hold this run too, under their own ids.</summary>
    public void RestorePauses(Scheduler scheduler, TimeSpan now)
    {
        foreach (var (gate, operationId, message) in desk?.PausesStillWaiting() ?? [])
        {
            var operation = plan.Operations.FirstOrDefault(o => o.Spec.Id == operationId)?.Index ?? -1;
            if (operation >= 0 && scheduler.State == RunState.Running)
            {
                scheduler.Pause(now, operation, $"still paused as the earlier run left it ({gate})");
                OpenPause(scheduler, now, gate, message);
            }
        }
    }

    /// <summary>Acts on the approvals the desk has for open gates: a gate step succeeds, a pause lets the run go on.</summary>
    public void Answer(Scheduler scheduler, TimeSpan now)
    {
        if (desk is null || _open.Count == 0)
        {
            return;
        }

        foreach (var answer in desk.Answers(_open.Keys))
        {
            if (!_open.Remove(answer.Gate, out var gate))
            {
                continue;
            }

            var detail = $"approved by {answer.By}" + (string.IsNullOrEmpty(answer.Comment) ? "" : $": {answer.Comment}");
            recorder.GateClosed(gate.Id, gate.Step, gate.Operation, JournalGates.Approved, answer.By, answer.Comment, now);
            if (gate.Step >= 0)
            {
                scheduler.Complete(gate.Step, gate.Attempt, StepOutcome.Succeeded, now, detail);
            }
            else
            {
                scheduler.Resume(now);
            }
        }
    }

    /// <summary>A gate step whose attempt the scheduler timed out: closed as timed_out. Returns false for other steps.</summary>
    public bool Expired(int step, TimeSpan now)
    {
        var gate = _open.Values.FirstOrDefault(g => g.Step == step);
        if (gate is null)
        {
            return false;
        }

        _open.Remove(gate.Id);
        recorder.GateClosed(gate.Id, gate.Step, gate.Operation, JournalGates.TimedOut, null, "no approval within the gate's timeout", now);
        return true;
    }

    /// <summary>
    /// The run ends: a pause nobody answered is withdrawn when the run was aborted or stopped (that was the answer),
    /// and kept when it was interrupted (resume restores it). Gate steps keep waiting: resume opens them again.
    /// </summary>
    public void RunEnding(bool interrupted, TimeSpan now)
    {
        if (interrupted)
        {
            return;
        }

        foreach (var pause in _open.Values.Where(g => g.Step < 0).ToList())
        {
            _open.Remove(pause.Id);
            recorder.GateClosed(pause.Id, -1, pause.Operation, JournalGates.Withdrawn, null, "the run ended before an operator answered", now);
        }
    }

    private sealed record OpenGate(string Id, int Step, int Attempt, int Operation);
}
