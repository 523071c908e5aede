using System.Collections.Immutable;
using Planner.Diagnostics;
using Planner.Documents;

namespace Planner.Model;

/// <summary>
/// One operation as written. The kind-specific <see cref="Select"/> and <see cref="With"/> mappings are kept as
/// located nodes so that each expander reads its own parameters and can point at them in errors.
/// </summary>
public sealed record OperationSpec(
    string Id,
    string Uses,
    string? Description,
    Located<string>? Cluster,
    ImmutableArray<Located<string>> Needs,
    YMapping? Select,
    ImmutableArray<Located<string>> Exclude,
    Located<int>? Concurrency,
    DurationSpec? Duration,
    RetrySpec? Retry,
    FailurePolicySpec? FailurePolicy,
    ImpactSpec? Impact,
    ApprovalSpec? Approval,
    YMapping? With,
    SourceLocation Source,
    SourceLocation IdSource)
{
    /// <summary>The schema rejected part of this operation: its references are checked, but it is not expanded.</summary>
    public bool HasSchemaErrors { get; init; }

    /// <summary>Impact budgets on this operation's targets (<c>budgets:</c>).</summary>
    public ImmutableArray<BudgetSpec> Budgets { get; init; } = [];

    /// <summary>Waves that widen (<c>rampUp:</c>), or null.</summary>
    public RampUpSpec? RampUp { get; init; }

    /// <summary>Targets that run first, alone, then a gate (<c>canary:</c>), or null.</summary>
    public CanarySpec? Canary { get; init; }
}

/// <summary>
/// An impact budget as written: at most <see cref="MaxCount"/> (or <see cref="MaxPercent"/> % of a group's targets,
/// rounded down) targets of one group in flight at once; the groups are made by <see cref="Per"/>.
/// </summary>
public sealed record BudgetSpec(string Per, int? MaxCount, double? MaxPercent, SourceLocation Source, SourceLocation MaxSource)
{
    /// <summary>The limit as written: <c>1</c> or <c>10%</c>.</summary>
    public string MaxText => MaxCount is { } count
        ? count.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{MaxPercent!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}%";
}

/// <summary>Wave sizes; a wave that fails (or outlasts <see cref="WaveTimeout"/>) stops or pauses the run.</summary>
public sealed record RampUpSpec(ImmutableArray<int> Steps, TimeSpan? WaveTimeout, SourceLocation Source);

/// <summary>The first <see cref="Targets"/> targets alone; with <see cref="Gate"/> an operator approves the rest.</summary>
public sealed record CanarySpec(int Targets, bool Gate, string? Message, TimeSpan? ExpectedWait, TimeSpan? Timeout, SourceLocation Source);

/// <summary>A value with the place it was written.</summary>
public readonly record struct Located<T>(T Value, SourceLocation Source);

/// <summary>Expected duration (for the estimate) and maximum (the per-attempt timeout).</summary>
public sealed record DurationSpec(TimeSpan? Expected, TimeSpan? Max, SourceLocation Source);

/// <summary>Attempts per target; the wait before attempt k+1 is Delay × Backoff^(k−1).</summary>
public sealed record RetrySpec(int? Attempts, TimeSpan? Delay, double? Backoff, SourceLocation Source);

/// <summary>Failure tolerance as written; resolved against the target count by <see cref="Operations.FailurePolicy"/>.</summary>
public sealed record FailurePolicySpec(int? MaxCount, double? MaxPercent, bool? Reached, PolicyAction? OnExceeded, SourceLocation Source);

/// <summary>What the scheduler does when an operation's failures pass its threshold.</summary>
public enum PolicyAction
{
    /// <summary>Start nothing new anywhere; in-flight steps finish; the rest is NOT_RUN.</summary>
    Stop,

    /// <summary>Start nothing new until an operator resumes.</summary>
    Pause,

    /// <summary>Record the breach and go on.</summary>
    Continue,
}

/// <summary>Declared impact: per-target downtime and MOSK-style impact levels.</summary>
public sealed record ImpactSpec(TimeSpan? DowntimePerTarget, string? Users, string? Workloads, string? Note);

/// <summary>A manual gate before the operation starts.</summary>
/// <summary>An operation's <c>approval:</c> gate. <see cref="Timeout"/>: how long apply waits before the gate fails (null: no limit).</summary>
public sealed record ApprovalSpec(string? Message, TimeSpan? ExpectedWait, TimeSpan? Timeout, SourceLocation Source);
