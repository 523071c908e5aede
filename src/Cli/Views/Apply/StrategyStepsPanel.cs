using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cli.Views.Apply;

/// <summary>
/// The live view's mirror of the dcmanager strategy being run: its state and its subclouds' steps as
/// <c>strategy-step list</c> prints them (cloud, stage, state, details, started_at, finished_at), read from the
/// journal's mirror at most once a second. Running steps come first; at most <see cref="MaxRows"/> rows.
/// </summary>
internal sealed class StrategyStepsPanel(string journal)
{
    private const int MaxRows = 15;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _sinceRead = new();
    private IRenderable? _last;

    /// <summary>The table of the newest strategy, or null while the run has none.</summary>
    public IRenderable? Render()
    {
        if (_sinceRead.IsRunning && _sinceRead.Elapsed < Every)
        {
            return _last;
        }

        _sinceRead.Restart();
        try
        {
            _last = Build();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or Executor.Journal.JournalException)
        {
            // The journal is being written; the next redraw reads it again.
        }

        return _last;
    }

    private IRenderable? Build()
    {
        var (strategies, steps) = Executor.Journal.StrategyJournal.ReadAll(journal);
        if (strategies.Where(s => s.StrategyId is not null).OrderBy(s => s.Round).LastOrDefault() is not { } strategy)
        {
            return null;
        }

        var rows = steps.Where(s => s.Operation == strategy.Operation && s.Round == strategy.Round)
            .OrderBy(s => s.State is "complete" or "failed" or "aborted" ? 1 : 0)
            .ThenBy(s => s.Stage)
            .ThenBy(s => s.Cloud, StringComparer.Ordinal)
            .ToList();
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"dcmanager strategy of {strategy.Operation} (round {strategy.Round}): {strategy.State}"));
        foreach (var column in new[] { "cloud", "stage", "state", "details", "started_at", "finished_at" })
        {
            table.AddColumn(column);
        }

        foreach (var step in rows.Take(MaxRows))
        {
            table.AddRow(Markup.Escape(step.Cloud), step.Stage.ToString(CultureInfo.InvariantCulture), Markup.Escape(step.State), Markup.Escape(step.Details),
                DcmanagerApplyText.Time(step.StartedAt), DcmanagerApplyText.Time(step.FinishedAt));
        }

        if (rows.Count > MaxRows)
        {
            table.Caption($"and {rows.Count - MaxRows} more (mplan show {journal})");
        }

        return table;
    }
}
