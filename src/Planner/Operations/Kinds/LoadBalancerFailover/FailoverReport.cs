using System.Collections.Immutable;
using Planner.Reports;

namespace Planner.Operations.Kinds;

/// <summary>Rockoon's failover statistics: the LB ids per SUCCESS / FAILED / RECOVERY_FAILED / SKIPPED / CANCELLED.</summary>
internal static class FailoverReport
{
    public static KindReport Of(ReportInput input)
    {
        var targets = input.Targets;
        ImmutableArray<string> With(TargetStatus status) => [.. targets.Where(t => t.Status == status).Select(t => t.Id)];
        var notHandled = With(TargetStatus.Skipped);
        var statistics = new FailoverStatistics(With(TargetStatus.Success), With(TargetStatus.Failed), With(TargetStatus.RecoveryFailed),
            [.. input.Operation.Skipped.Select(s => s.Id), .. notHandled], With(TargetStatus.Cancelled), notHandled);
        return KindReport.None with { Failover = statistics };
    }
}
