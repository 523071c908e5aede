using System.Collections.Immutable;

namespace Planner.Reports;

/// <summary>
/// A dcmanager strategy as <c>dcmanager kube-rootca-update-strategy show</c> lists it, with its steps as
/// <c>dcmanager strategy-step list</c> does. States use dcmanager's words: initial, applying, complete, failed, aborted.
/// </summary>
public sealed record StrategyReport(
    string Type,
    string SubcloudApplyType,
    int MaxParallelSubclouds,
    bool StopOnFailure,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ImmutableArray<StrategyStepRow> Steps);

/// <summary>One subcloud's step: stage Create, Apply or Complete; state initial, complete, failed or aborted.</summary>
public sealed record StrategyStepRow(string Cloud, string Stage, string State, string Details, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);
