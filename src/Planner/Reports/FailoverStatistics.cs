using System.Collections.Immutable;

namespace Planner.Reports;

/// <summary>
/// Rockoon's failover job summary: the load balancer ids per status, in its enum order (SUCCESS, FAILED,
/// RECOVERY_FAILED, SKIPPED, CANCELLED). SKIPPED holds the LBs the selection left out and, after them, those never
/// handled because the run stopped or was aborted (<see cref="NotHandled"/> says which, as Rockoon has no word for it).
/// </summary>
public sealed record FailoverStatistics(
    ImmutableArray<string> Success,
    ImmutableArray<string> Failed,
    ImmutableArray<string> RecoveryFailed,
    ImmutableArray<string> Skipped,
    ImmutableArray<string> Cancelled,
    ImmutableArray<string> NotHandled)
{
    public StatusCounts Counts => new(Success.Length, Failed.Length, RecoveryFailed.Length, Skipped.Length, Cancelled.Length);
}
