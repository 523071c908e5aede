namespace Planner.Graph;

/// <summary>What a step is, for the scheduler and the views.</summary>
public enum StepKind
{
    /// <summary>A driver call on one target (a failover, a node update, a command).</summary>
    Action,

    /// <summary>Waits for an operator (approval, a manual node).</summary>
    Gate,

    /// <summary>A zero-length join: an operation's start or end. Runs when its dependencies are all finished, failed ones included.</summary>
    Milestone,
}

/// <summary>
/// One node of the execution graph: one attempt-able unit of work on one target.
/// Steps are numbered; dependencies refer to earlier indices, so index order is a topological order.
/// </summary>
public sealed class Step
{
    public required int Index { get; init; }

    private string? _id;
    private readonly string? _idOperation;
    private readonly string? _idKey;
    private readonly string? _idAction;

    /// <summary>A stable, human-readable id: <c>operation/target[/action]</c>, or <c>operation:start</c>/<c>operation:done</c>.</summary>
    /// <remarks>Given whole, or as its parts (<see cref="IdParts"/>) and then made on first read.</remarks>
    public string Id
    {
        get => _id ??= _idAction is null ? $"{_idOperation}/{_idKey}" : $"{_idOperation}/{_idKey}/{_idAction}";
        init => _id = value;
    }

    /// <summary>
    /// The id of a target's step as its parts (<c>operation/key[/action]</c>), made into <see cref="Id"/> when read: a
    /// 100k-LB plan has 200,000 such steps whose ids only a saved plan, a trace or an apply reads (the expansion made
    /// them all for nothing, 17 MB of strings).
    /// </summary>
    internal (string Operation, string Key, string? Action) IdParts
    {
        init => (_idOperation, _idKey, _idAction) = value;
    }

    /// <summary>Whether the step was given an id, whole or as parts (<see cref="GraphBuilder.Add"/> checks it).</summary>
    internal bool HasId => _id is not null || _idOperation is not null;

    public required int Operation { get; init; }

    public required StepKind Kind { get; init; }

    /// <summary>What the driver does: failover, update, migrate, approve, restart, run, ...</summary>
    public required string Action { get; init; }

    /// <summary>The target's id (LB id, node or subcloud name), or null for operation-wide steps.</summary>
    public string? TargetId { get; init; }

    /// <summary>The target's display name.</summary>
    public string? TargetName { get; init; }

    public TimeSpan Expected { get; init; }

    /// <summary>The per-attempt timeout; zero when the step has none.</summary>
    public TimeSpan Max { get; init; }

    public int Attempts { get; init; } = 1;

    public TimeSpan RetryDelay { get; init; }

    public double Backoff { get; init; } = 1;

    /// <summary>The concurrency pool, or -1.</summary>
    public int Pool { get; init; } = -1;

    /// <summary>Takes a pool slot when it starts (the first step of a target's chain).</summary>
    public bool Acquires { get; init; }

    /// <summary>Gives the slot back when it finishes (the last step of a target's chain).</summary>
    public bool Releases { get; init; }

    /// <summary>The step that took the slot this step runs under, or -1.</summary>
    public int SlotHolder { get; init; } = -1;

    /// <summary>Outage this step causes while it runs (e.g. an LB failover's ~30 s).</summary>
    public TimeSpan Downtime { get; init; }

    /// <summary>Counts toward "nodes in maintenance at once" from this step to the chain's releasing step.</summary>
    public bool NodeMaintenance { get; init; }

    /// <summary>Extra facts for review (a rendered command, an instance count, a gate message).</summary>
    public string? Detail { get; init; }

    public required int[] Dependencies { get; init; }

    /// <summary>
    /// The step this one follows up, or -1: a conditional step runs only when that step ended Failed (an LB that
    /// Rockoon's Job left FAILED or RECOVERY_FAILED); otherwise, as soon as it is ready, it ends Skipped with the
    /// source's result as the reason, taking no time and no pool slot.
    /// </summary>
    /// <remarks>The source must come earlier and be finished before this step is ready (the follow-up operation needs the source's).</remarks>
    public int RunsIfFailed { get; init; } = -1;

    /// <summary>
    /// Its failure is recorded (and reported) but does not count toward its operation's failure policy: the work is
    /// done by someone mplan only follows and cannot stop (an LB of Rockoon's failover Job).
    /// </summary>
    public bool OutsidePolicy { get; init; }

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 or more): delay × backoff^(n−2).</summary>
    public TimeSpan RetryWait(int nextAttempt) =>
        TimeSpan.FromMilliseconds(Math.Round(RetryDelay.TotalMilliseconds * Math.Pow(Backoff, nextAttempt - 2)));

    /// <summary>The longest a step can take: every attempt to its timeout, plus the waits between.</summary>
    public TimeSpan Pessimistic
    {
        get
        {
            var perAttempt = Max > TimeSpan.Zero ? Max : Expected;
            var total = perAttempt * Attempts;
            for (var attempt = 2; attempt <= Attempts; attempt++)
            {
                total += RetryWait(attempt);
            }

            return total;
        }
    }
}
