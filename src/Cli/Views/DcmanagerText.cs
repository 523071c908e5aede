using System.Globalization;
using Planner.Reports;

namespace Cli.Views;

/// <summary>
/// What <c>dcmanager kube-rootca-update-strategy show</c> and <c>dcmanager strategy-step list</c> print (cliff tables):
/// the strategy's fields in dcmanager's order, and one row per subcloud. For <c>simulate</c>, and (below) for <c>apply</c> and <c>show</c>.
/// </summary>
internal static class DcmanagerText
{
    public static void WriteStrategy(TextWriter writer, StrategyReport strategy) =>
        WriteStrategy(writer, strategy.Type, strategy.SubcloudApplyType, strategy.MaxParallelSubclouds, strategy.StopOnFailure, strategy.State,
            Time(strategy.CreatedAt), Time(strategy.UpdatedAt));

    /// <summary><c>strategy show</c>'s fields, in its order; the times already as the caller prints them.</summary>
    public static void WriteStrategy(TextWriter writer, string type, string applyType, int maxParallel, bool stopOnFailure, string state, string createdAt,
        string updatedAt) =>
        PrettyTable.Write(writer, ["Field", "Value"],
        [
            ["strategy type", type],
            ["subcloud apply type", applyType],
            ["max parallel subclouds", maxParallel.ToString(CultureInfo.InvariantCulture)],
            ["stop on failure", stopOnFailure ? "True" : "False"],
            ["state", state],
            ["created_at", createdAt],
            ["updated_at", updatedAt],
        ]);

    public static void WriteSteps(TextWriter writer, StrategyReport strategy, int maxRows = int.MaxValue)
    {
        var rows = strategy.Steps.Take(maxRows)
            .Select(s => (IReadOnlyList<string>)[s.Cloud, s.Stage, s.State, s.Details, Time(s.StartedAt), Time(s.FinishedAt)])
            .ToList();
        PrettyTable.Write(writer, ["cloud", "stage", "state", "details", "started_at", "finished_at"], rows);
        if (strategy.Steps.Length > rows.Count)
        {
            writer.WriteLine($"… and {Fmt.Count(strategy.Steps.Length - rows.Count)} more steps (see --format json)");
        }
    }

    /// <summary>As the API returns them (the SQL timestamp, without a zone), or None.</summary>
    public static string Time(DateTimeOffset? value) =>
        value is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "None";
}

/// <summary>
/// The strategies an apply created, as dcmanager prints them: <c>kube-rootca-update-strategy show</c> and
/// <c>strategy-step list</c> from the journal's mirror, with dcmanager's microsecond timestamps, stage numbers and
/// <c>None</c>. For the end of <c>apply</c> and for <c>show</c>; nothing for a journal without dcmanager strategies.
/// </summary>
internal static class DcmanagerApplyText
{
    public static void Write(TextWriter writer, string journalPath)
    {
        var (strategies, steps) = Executor.Journal.StrategyJournal.ReadAll(journalPath);
        IReadOnlyDictionary<(string Operation, int Round), IReadOnlyList<string>> states =
            strategies.Count == 0 ? new Dictionary<(string, int), IReadOnlyList<string>>() : Executor.Journal.StrategyJournal.ReadStates(journalPath);
        foreach (var strategy in strategies.Where(s => s.StrategyId is not null))
        {
            var count = strategies.Count(s => s.Operation == strategy.Operation && s.StrategyId is not null);
            writer.WriteLine();
            writer.WriteLine($"dcmanager strategy {strategy.StrategyId} of {strategy.Operation} (round {strategy.Round} of {count}, {strategy.Scope})" +
                (strategy.DeletedAt is { } deleted ? $", deleted at {Time(deleted)}:" : ":"));
            DcmanagerText.WriteStrategy(writer, "kube-rootca-update", strategy.ApplyType, strategy.MaxParallel, strategy.StopOnFailure, strategy.State,
                Time(strategy.CreatedAt), Time(strategy.UpdatedAt));
            if (states.TryGetValue((strategy.Operation, strategy.Round), out var seen))
            {
                writer.WriteLine($"states seen: {string.Join(" → ", seen)}");
            }

            var rows = steps.Where(s => s.Operation == strategy.Operation && s.Round == strategy.Round)
                .Select(s => (IReadOnlyList<string>)[s.Cloud, s.Stage.ToString(CultureInfo.InvariantCulture), s.State, s.Details, Time(s.StartedAt), Time(s.FinishedAt)])
                .ToList();
            PrettyTable.Write(writer, ["cloud", "stage", "state", "details", "started_at", "finished_at"], rows);
        }
    }

    /// <summary>dcmanager's <c>str(datetime)</c>: microseconds, no zone; None for none.</summary>
    public static string Time(DateTimeOffset? value) =>
        value is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) : "None";
}
