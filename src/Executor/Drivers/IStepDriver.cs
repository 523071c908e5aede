using Planner.Graph;

namespace Executor.Drivers;

/// <summary>How one attempt ended, as a driver reports it. Retries, timeouts and policies are the scheduler's.</summary>
/// <param name="Outcome">Succeeded, Failed (the scheduler may retry) or Cancelled (the target is gone: Rockoon's CANCELLED).</param>
/// <param name="Detail">Why, for the operator (never a secret).</param>
/// <param name="Facts">What changed, for the journal: e.g. <c>amphora: old → new</c>, <c>cert_expiration: …</c>.</param>
public sealed record AttemptResult(Planner.Scheduling.StepOutcome Outcome, string? Detail = null, IReadOnlyDictionary<string, string>? Facts = null)
{
    public static AttemptResult Success(string? detail = null, IReadOnlyDictionary<string, string>? facts = null) =>
        new(Planner.Scheduling.StepOutcome.Succeeded, detail, facts);

    public static AttemptResult Failure(string detail) => new(Planner.Scheduling.StepOutcome.Failed, detail);

    public static AttemptResult Cancelled(string detail) => new(Planner.Scheduling.StepOutcome.Cancelled, detail);
}

/// <summary>One attempt of one step, handed to a driver.</summary>
/// <param name="Step">The step (its <see cref="Step.Action"/>, target id and name, timeouts).</param>
/// <param name="Uses">The operation's kind, e.g. <c>octavia.loadbalancer-failover</c>.</param>
/// <param name="Cluster">The cluster name the operation runs against.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="Submitted">
/// Call once the side effect was accepted (e.g. the failover PUT answered 202), before waiting for its result:
/// the runner commits it to the journal, so a resumed run observes instead of repeating.
/// </param>
public sealed record AttemptCall(Step Step, string Uses, string Cluster, int Attempt, Func<string?, Task> Submitted)
{
    /// <summary>Reports what a long attempt sees on its way (journaled as step_progress and shown live); never a secret.</summary>
    public Func<string, Task> Progress { get; init; } = _ => Task.CompletedTask;
}

/// <summary>
/// Performs one attempt of one kind of step against a real system and reports how it ended. Drivers never retry
/// whole attempts (the scheduler does); they may repeat idempotent reads and wait out 409 "busy" answers. A driver
/// returns a result only when it knows how the attempt ended; when it does not (an error while it waited, the
/// attempt's timeout) it throws, and the runner has the next attempt call <see cref="ObserveAsync"/> first.
/// </summary>
public interface IStepDriver
{
    /// <summary>True when this driver runs steps of this operation kind and action.</summary>
    bool Handles(string uses, string action);

    /// <summary>Runs one attempt. Cancellation means the operator cancelled (Ctrl-C twice) or the attempt timed out.</summary>
    Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken);

    /// <summary>
    /// Resume, or a retry after an attempt that ended without knowing its outcome: finishes what an earlier attempt
    /// may have sent, without sending anything new. <paramref name="submitted"/> is true when the side effect was
    /// accepted (the journal's mark, or the earlier attempt's <see cref="AttemptCall.Submitted"/>); then the driver
    /// waits for its result by polling. When false (the start was committed but not the submission) it checks
    /// read-only status and returns null when nothing was sent, so the runner runs the attempt afresh.
    /// </summary>
    Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken);
}
