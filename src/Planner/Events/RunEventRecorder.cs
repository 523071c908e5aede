using Planner.Graph;
using Planner.Plans;
using Planner.Scheduling;

namespace Planner.Events;

/// <summary>Where recorded events go: a trace file, the journal, a progress view.</summary>
public interface IRunEventSink
{
    void Write(RunEvent e);
}

/// <summary>
/// Turns the scheduler's transitions into <see cref="RunEvent"/>s, numbered in order, and hands them to a sink.
/// Milestones are internal joins and are not recorded. The simulator and apply both use it, so a trace and a
/// journal read the same.
/// </summary>
public sealed class RunEventRecorder(ResolvedPlan plan, DateTimeOffset origin, IRunEventSink sink, long firstSequence = 1) : IRunObserver
{
    private long _sequence = firstSequence;

    /// <summary>The number the next event gets.</summary>
    public long NextSequence => _sequence;

    public void RunStarted(TimeSpan now, string detail) =>
        Emit(new RunEvent(_sequence++, RunEventKind.RunStarted, now, origin + now) { Detail = detail, PlanSha256 = plan.Sha256 });

    public void RunFinished(TimeSpan now, string state, string? detail) =>
        Emit(new RunEvent(_sequence++, RunEventKind.RunFinished, now, origin + now) { State = state, Detail = detail });

    /// <summary>Apply only: the side effect of <paramref name="attempt"/> was accepted by the remote API.</summary>
    public void StepSubmitted(int step, int attempt, TimeSpan now, string? detail) =>
        Emit(ForStep(RunEventKind.StepSubmitted, step, now) with { Attempt = attempt, Detail = detail });

    /// <summary>Apply only: what attempt <paramref name="attempt"/> of <paramref name="step"/> observed on its way.</summary>
    public void StepProgress(int step, int attempt, TimeSpan now, string detail) =>
        Emit(ForStep(RunEventKind.StepProgress, step, now) with { Attempt = attempt, Detail = detail });

    public void StepStarted(StepStart start, TimeSpan now) =>
        Emit(ForStep(RunEventKind.StepStarted, start.Step, now) with { Attempt = start.Attempt, Deadline = start.Deadline });

    public void StepRetrying(int step, int attempt, TimeSpan retryAt, string? detail, TimeSpan now) =>
        Emit(ForStep(RunEventKind.StepRetrying, step, now) with { Attempt = attempt, RetryAt = retryAt, Detail = detail });

    public void StepFinished(int step, StepState state, string? reason, TimeSpan now)
    {
        if (plan.Graph.Steps[step].Kind != StepKind.Milestone)
        {
            Emit(ForStep(RunEventKind.StepFinished, step, now) with { State = RunEvent.StateName(state), Detail = reason });
        }
    }

    public void Noted(SchedulerNote note) =>
        Emit(new RunEvent(_sequence++, RunEventKind.Note, note.At, origin + note.At)
        {
            Operation = note.Operation >= 0 ? plan.Plan.Operations[note.Operation].Id : null,
            Detail = note.Message,
        });

    /// <summary>Apply only: <paramref name="gate"/> waits for an operator (a gate step when <paramref name="step"/> is not -1, else a pause).</summary>
    public void GateWaiting(string gate, int step, int operation, string message, TimeSpan? deadline, TimeSpan now) =>
        Emit(ForGate(RunEventKind.GateWaiting, gate, step, operation, now) with { Detail = message, Deadline = deadline });

    /// <summary>Apply only: <paramref name="gate"/> closed: approved (<paramref name="by"/>, the comment as detail), timed_out or withdrawn.</summary>
    public void GateClosed(string gate, int step, int operation, string state, string? by, string? detail, TimeSpan now) =>
        Emit(ForGate(RunEventKind.GateClosed, gate, step, operation, now) with { State = state, By = by, Detail = detail });

    private RunEvent ForGate(RunEventKind kind, string gate, int step, int operation, TimeSpan now) =>
        (step >= 0 ? ForStep(kind, step, now) : new RunEvent(_sequence++, kind, now, origin + now) { Operation = plan.Plan.Operations[operation].Id }) with { Gate = gate };

    private RunEvent ForStep(RunEventKind kind, int index, TimeSpan now)
    {
        var step = plan.Graph.Steps[index];
        return new RunEvent(_sequence++, kind, now, origin + now)
        {
            Step = step.Id,
            Operation = plan.Plan.Operations[step.Operation].Id,
            Target = step.TargetId,
        };
    }

    private void Emit(RunEvent e) => sink.Write(e);
}
