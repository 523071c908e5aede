using System.Globalization;
using Executor.Journal;

namespace Cli.Views;

/// <summary><c>mplan show</c>'s text: the run, each operation's progress, every step, the last events.</summary>
internal static class JournalTextView
{
    public static void Render(JournalSnapshot journal, IReadOnlyList<NotSelected> notSelected, TextWriter writer)
    {
        var run = journal.Run;
        writer.WriteLine($"Journal  {journal.Path}");
        writer.WriteLine($"Plan     {run.PlanName} (sha256 {run.PlanSha256[..Math.Min(12, run.PlanSha256.Length)]}…) from {run.PlanFile}" +
            (run.SavedPlanFile is { } saved ? $", saved plan {saved}" : ""));
        writer.WriteLine($"Run      {run.Mode}, {RunState(run)}; created {Instant(run.CreatedAt)}" +
            (run.UpdatedAt is { } updated ? $", last event #{journal.LastSequence} at {Instant(updated)}" : ", no event yet"));
        writer.WriteLine(journal.Holder is { } holder ? $"Lock     held by {holder.Describe()}" : "Lock     not held (no apply is running on this journal)");
        if (journal.Abort is { } abort)
        {
            writer.WriteLine($"Abort    requested {Instant(abort.RequestedAt)} by {abort.RequestedBy}: {abort.Reason}");
        }

        var waiting = journal.Gates.Where(g => g.State == JournalGates.Waiting).ToList();
        foreach (var gate in waiting)
        {
            var approved = gate.ApprovedBy is { } by ? $"; approved by {by}, the run acts on it within a second or so" : $"; approve with: mplan approve {journal.Path} {gate.GateId}";
            writer.WriteLine($"Gate     {gate.GateId} waits since {Instant(gate.WaitingSince)}" +
                (gate.Deadline is { } deadline ? $" (times out {Instant(deadline)})" : "") + $": {gate.Message}{approved}");
        }

        writer.WriteLine();
        writer.WriteLine("Operations");
        TextTable.Write(writer, ["operation", "steps", "progress"],
            [.. journal.Operations.Select(o => (IReadOnlyList<string>)[o.Id, Fmt.Count(o.Steps), string.Join(", ", o.Counts.Select(c => $"{c.Value} {c.Key}"))])],
            "  ", int.MaxValue);
        writer.WriteLine();
        writer.WriteLine("Steps");
        TextTable.Write(writer, ["step", "target", "name", "state", "attempts", "started", "finished", "detail"],
            [.. journal.Steps.Select(Row)], "  ", int.MaxValue);
        if (journal.Gates.Length > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Gates");
            TextTable.Write(writer, ["gate", "operation", "state", "waiting since", "closed", "by", "comment"],
                [.. journal.Gates.Select(g => (IReadOnlyList<string>)[g.GateId, g.Operation, g.State, Instant(g.WaitingSince),
                    g.ClosedAt is { } closed ? Instant(closed) : "-", g.ApprovedBy ?? "-", g.Comment ?? ""])], "  ", int.MaxValue);
        }

        if (notSelected.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Not selected by the plan");
            TextTable.Write(writer, ["operation", "target", "name", "reason"],
                [.. notSelected.Select(n => (IReadOnlyList<string>)[n.Operation, n.Id, n.Name, n.Reason])], "  ", int.MaxValue);
        }

        if (journal.LastEvents.Length > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Last events");
            foreach (var e in journal.LastEvents)
            {
                var what = string.Join(" ", new[] { e.Step ?? e.Operation, e.State, e.Attempt > 1 ? $"attempt {e.Attempt}" : null }.Where(p => p is not null));
                writer.WriteLine($"  #{e.Sequence} {Instant(e.Time)} {e.KindName}" + (what.Length > 0 ? " " + what : "") + (e.Detail is { } d ? $": {d}" : ""));
            }
        }
    }

    private static IReadOnlyList<string> Row(JournalStep step) =>
    [
        step.StepId,
        step.Target ?? "-",
        step.TargetName ?? "-",
        step.State,
        step.Attempt.ToString(CultureInfo.InvariantCulture),
        step.StartedAt is { } started ? Instant(started) : "-",
        step.FinishedAt is { } finished ? Instant(finished) : "-",
        step.Detail ?? "",
    ];

    private static string RunState(JournalRun run) => run.State == JournalRunStates.Finished ? $"finished ({run.EndState})" : run.State;

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
