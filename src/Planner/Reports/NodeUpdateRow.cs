namespace Planner.Reports;

/// <summary>One node of a cluster update, in update order: its workload policy, how its update ended, and why.</summary>
public sealed record NodeUpdateRow(
    string Node,
    string Roles,
    string Policy,
    string State,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string Details);
