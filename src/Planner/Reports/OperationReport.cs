using System.Collections.Immutable;
using Planner.Operations;

namespace Planner.Reports;

/// <summary>
/// What operators of one operation are used to reading after a run: the status counts for every operation, and the
/// kind's own report: Rockoon's failover statistics, dcmanager's strategy and steps, or the node table of a cluster
/// update. <see cref="State"/> is the operation's end: succeeded, failed, cancelled, stopped or not_run.
/// </summary>
public sealed record OperationReport(
    ExpandedOperation Operation,
    string State,
    ImmutableArray<TargetResult> Targets,
    StatusCounts Counts,
    FailoverStatistics? Failover,
    StrategyReport? Strategy,
    ImmutableArray<NodeUpdateRow> Nodes);
