using System.Globalization;
using Planner.Reports;

namespace Cli.Views;

/// <summary>
/// What <c>dcmanager kube-rootca-update-strategy show</c> and <c>dcmanager strategy-step list</c> print (cliff tables):
/// the strategy's fields in dcmanager's order, and one row per subcloud. For <c>simulate</c> now and <c>apply</c> later.
/// </summary>
internal static class DcmanagerText
{
    public static void WriteStrategy(TextWriter writer, StrategyReport strategy)
    {
        PrettyTable.Write(writer, ["Field", "Value"],
        [
            ["strategy type", strategy.Type],
            ["subcloud apply type", strategy.SubcloudApplyType],
            ["max parallel subclouds", strategy.MaxParallelSubclouds.ToString(CultureInfo.InvariantCulture)],
            ["stop on failure", strategy.StopOnFailure ? "True" : "False"],
            ["state", strategy.State],
            ["created_at", Time(strategy.CreatedAt)],
            ["updated_at", Time(strategy.UpdatedAt)],
        ]);
    }

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
