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
}

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
