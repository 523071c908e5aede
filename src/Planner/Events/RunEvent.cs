namespace Planner.Events;

/// <summary>What happened, in the words of the trace and the journal (<c>schemas/events.v1.schema.json</c>).</summary>
public enum RunEventKind
{
    RunStarted,
    StepStarted,

    /// <summary>Apply only: the driver's side effect was accepted (e.g. the failover PUT answered 202).</summary>
    StepSubmitted,

    StepRetrying,
    StepFinished,

    /// <summary>A policy breach, pause, stop, abort or resume.</summary>
    Note,

    RunFinished,

    /// <summary>Apply only: a gate (an approval step, a failure policy's pause) waits for an operator; its message is the detail.</summary>
    GateWaiting,

    /// <summary>Apply only: a gate was approved (by whom, with the comment as detail), timed out, or withdrawn (its run ended).</summary>
    GateClosed,

    /// <summary>Apply only: what a long attempt sees on the way (a node's machine state, a lock's message, a Job's restart).</summary>
    StepProgress,
}

/// <summary>
/// One event of a run, the same for a simulated trial (<c>simulate --trace</c>) and a real apply (<c>apply
/// --format json</c> and the journal). <see cref="At"/> is the time since the run started, on its clock (virtual or
/// wall); <see cref="Time"/> is that instant as a date (the window's start plus <see cref="At"/> for a simulation).
/// </summary>
public sealed record RunEvent(long Sequence, RunEventKind Kind, TimeSpan At, DateTimeOffset Time)
{
    /// <summary>The step's id (<c>operation/target[/action]</c>); null for run-wide events.</summary>
    public string? Step { get; init; }

    /// <summary>The operation's id.</summary>
    public string? Operation { get; init; }

    /// <summary>The target's id (LB id, node or subcloud name).</summary>
    public string? Target { get; init; }

    public int Attempt { get; init; }

    /// <summary>For step_finished: succeeded, failed, cancelled, skipped, not_run; for run_finished: the run's end state.</summary>
    public string? State { get; init; }

    /// <summary>A human explanation: a failure reason, a note, the plan's name for run_started.</summary>
    public string? Detail { get; init; }

    /// <summary>For step_retrying: when the next attempt is due (time since the run started).</summary>
    public TimeSpan? RetryAt { get; init; }

    /// <summary>For step_started: when the attempt times out (time since the run started).</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>For gate events: the gate's id (a gate step's id, or <c>OPERATION:pause-N</c>).</summary>
    public string? Gate { get; init; }

    /// <summary>For gate_closed when approved: who approved.</summary>
    public string? By { get; init; }

    /// <summary>For run_started: the plan's SHA-256.</summary>
    public string? PlanSha256 { get; init; }

    /// <summary>The snake_case name of <see cref="Kind"/>, as written.</summary>
    public string KindName => Names[(int)Kind];

    /// <summary>The snake_case name of a step state, as written.</summary>
    public static string StateName(Scheduling.StepState state) => state switch
    {
        Scheduling.StepState.NotRun => "not_run",
        Scheduling.StepState.WaitingRetry => "waiting_retry",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static readonly string[] Names =
        ["run_started", "step_started", "step_submitted", "step_retrying", "step_finished", "note", "run_finished", "gate_waiting", "gate_closed", "step_progress"];
}
