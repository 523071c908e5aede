namespace Executor.Journal;

/// <summary>
/// One step's current state as the journal knows it: what resume needs (finished and how, or the current attempt and
/// whether its side effect was submitted) and what <c>mplan show</c> lists.
/// </summary>
/// <param name="StepId">The step's id, <c>operation/target[/action]</c>.</param>
/// <param name="Operation">The operation's id.</param>
/// <param name="Target">The target's id, or null for operation-wide steps.</param>
/// <param name="State">pending, running, submitted, waiting_retry, succeeded, failed, cancelled, skipped or not_run.</param>
/// <param name="Attempt">The current (or last) attempt, 0 before the first.</param>
/// <param name="Submitted">The current attempt's side effect was accepted by the remote system.</param>
/// <param name="StartedAt">When the first attempt started.</param>
/// <param name="FinishedAt">When the step reached its end state.</param>
/// <param name="Detail">The last explanation: a failure reason, a retry's cause, what the driver reported.</param>
public sealed record JournalStep(string StepId, string Operation, string? Target, string State, int Attempt, bool Submitted,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Detail)
{
    /// <summary>The target's display name, from the saved plan.</summary>
    public string? TargetName { get; init; }

    /// <summary>The step's place in the plan (its index in the execution graph), for ordering.</summary>
    public int Position { get; init; }

    /// <summary>True once the step reached an end state: resume never runs it again.</summary>
    public bool IsFinished => JournalStepStates.IsTerminal(State);
}

/// <summary>The values of <see cref="JournalStep.State"/>.</summary>
public static class JournalStepStates
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Submitted = "submitted";
    public const string WaitingRetry = "waiting_retry";

    /// <summary>Every state, in the order a step can pass through them (the order of the show summary).</summary>
    public static IReadOnlyList<string> All { get; } =
        [Pending, Running, Submitted, WaitingRetry, "succeeded", "failed", "cancelled", "skipped", "not_run"];

    public static bool IsTerminal(string state) => state is "succeeded" or "failed" or "cancelled" or "skipped" or "not_run";
}
