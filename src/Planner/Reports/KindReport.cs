using System.Collections.Immutable;
using Planner.Operations;
using Planner.Plans;
using Planner.Scheduling;

namespace Planner.Reports;

/// <summary>What a kind's report adds to the common counts; each kind fills the part its operators read.</summary>
public sealed record KindReport(FailoverStatistics? Failover, StrategyReport? Strategy, ImmutableArray<NodeUpdateRow> Nodes)
{
    public static KindReport None { get; } = new(null, null, []);
}

/// <summary>What a kind's report is made from: the plan, the operation, its targets' results and the run (whose time zero is <c>Origin</c>).</summary>
public sealed record ReportInput(ResolvedPlan Plan, ExpandedOperation Operation, ImmutableArray<TargetResult> Targets, RunTimeline Timeline, DateTimeOffset Origin)
{
    /// <summary>An effective setting of the operation, by name.</summary>
    public string? Setting(string name) => Operation.Settings.FirstOrDefault(s => s.Name == name)?.Value;
}
