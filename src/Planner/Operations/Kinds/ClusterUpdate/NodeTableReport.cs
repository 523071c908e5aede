using Planner.Reports;
using Planner.Scheduling;

namespace Planner.Operations.Kinds;

/// <summary>A cluster update's node table: each node's roles, workload policy, state, attempts and times, in update order.</summary>
internal static class NodeTableReport
{
    public static KindReport Of(ReportInput input)
    {
        // The planner's node table already says each node's roles and policy, in update order.
        var table = input.Operation.Tables.FirstOrDefault(t => t.Title.StartsWith("Nodes", StringComparison.Ordinal));
        var facts = table?.Rows.ToDictionary(r => r[0], r => (Roles: r[1], Policy: r[3]), StringComparer.Ordinal) ?? [];
        return KindReport.None with
        {
            Nodes = [.. input.Targets.Select(t =>
            {
                var (roles, policy) = facts.GetValueOrDefault(t.Name, ("", ""));
                return new NodeUpdateRow(t.Name, roles, policy, StateWord(t.State), t.Attempts, input.Origin + t.Started, input.Origin + t.Finished, t.Detail ?? "");
            })],
        };
    }

    private static string StateWord(StepState state) => state switch
    {
        StepState.Succeeded => "updated",
        StepState.NotRun => "not_run",
        StepState.WaitingRetry => "waiting_retry",
        _ => state.ToString().ToLowerInvariant(),
    };
}
