using Planner.Events;

namespace Cli.Views.Apply;

/// <summary>How progress views say that a gate waits or closed, with the command that answers it.</summary>
internal static class GateText
{
    public static string? Describe(RunEvent e, string journal) => e.Kind switch
    {
        RunEventKind.GateWaiting => $"gate {e.Gate} waits: {e.Detail?.TrimEnd('.')}. Approve with: mplan approve {journal} {e.Gate}",
        RunEventKind.GateClosed when e.State == Executor.Journal.JournalGates.Approved =>
            $"gate {e.Gate} approved by {e.By}{(string.IsNullOrEmpty(e.Detail) ? "" : $": {e.Detail}")}",
        RunEventKind.GateClosed => $"gate {e.Gate} {e.State?.Replace('_', ' ')}{(string.IsNullOrEmpty(e.Detail) ? "" : $": {e.Detail}")}",
        _ => null,
    };
}
