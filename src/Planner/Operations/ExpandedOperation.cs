using System.Collections.Immutable;
using Planner.Model;

namespace Planner.Operations;

/// <summary>An operation after expansion: its targets, skips, effective settings and the steps it added.</summary>
public sealed class ExpandedOperation
{
    public required int Index { get; init; }

    public required OperationSpec Spec { get; init; }

    public required string Cluster { get; init; }

    public required ImmutableArray<TargetRef> Targets { get; init; }

    public required ImmutableArray<SkippedTarget> Skipped { get; init; }

    public required ImmutableArray<Setting> Settings { get; init; }

    public required FailurePolicy Policy { get; init; }

    /// <summary>How many targets run at once (1 for serial, single-step operations too).</summary>
    public required int Concurrency { get; init; }

    /// <summary>The pool whose capacity is <see cref="Concurrency"/>, when changing it changes the schedule; -1 otherwise.</summary>
    public required int ConcurrencyPool { get; init; }

    /// <summary>The expected time for one target (the whole chain for multi-step targets).</summary>
    public required TimeSpan PerTarget { get; init; }

    public required int StartStep { get; init; }

    public required int DoneStep { get; init; }

    /// <summary>The operator gate after the canary targets (<c>canary: {then: pause}</c>); -1 for none.</summary>
    public int CanaryGate { get; init; } = -1;

    /// <summary>Review notes: preflight findings, impact remarks, "there is no rollback".</summary>
    public required ImmutableArray<string> Notes { get; init; }

    /// <summary>Optional extra tables (e.g. the node table of a cluster update), each with a title, header and rows.</summary>
    public required ImmutableArray<ReviewTable> Tables { get; init; }
}

/// <summary>A small table for reviewers, rendered by every view.</summary>
public sealed record ReviewTable(string Title, ImmutableArray<string> Header, ImmutableArray<ImmutableArray<string>> Rows);
