namespace Executor.Journal;

/// <summary>The run a journal records: which plan, from which files, and where it stands.</summary>
/// <param name="PlanName">The plan's <c>metadata.name</c>.</param>
/// <param name="PlanSha256">The plan's hash; resume refuses a plan whose hash differs.</param>
/// <param name="PlanFile">The plan file the run was made from.</param>
/// <param name="SavedPlanFile">The saved plan applied, when apply was given one.</param>
/// <param name="CreatedAt">When the journal was created.</param>
/// <param name="Mode">What kind of run: <c>apply</c> (the default).</param>
public sealed record JournalRun(string PlanName, string PlanSha256, string PlanFile, string? SavedPlanFile, DateTimeOffset CreatedAt, string Mode = "apply")
{
    /// <summary><c>created</c> (no event yet), <c>running</c> (since run_started) or <c>finished</c> (since run_finished).</summary>
    public string State { get; init; } = JournalRunStates.Created;

    /// <summary>The state run_finished reported (e.g. succeeded, failed, aborted); null until the run finishes.</summary>
    public string? EndState { get; init; }

    /// <summary>The time of the last event; null before the first.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>The values of <see cref="JournalRun.State"/>.</summary>
public static class JournalRunStates
{
    public const string Created = "created";
    public const string Running = "running";
    public const string Finished = "finished";
}
