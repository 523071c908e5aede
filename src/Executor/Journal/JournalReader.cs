using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Planner.Events;

namespace Executor.Journal;

/// <summary>
/// Reads a journal without changing it, safe while an apply writes it from another process: WAL mode lets a reader
/// see the last committed transaction while the writer goes on.
/// </summary>
public static class JournalReader
{
    /// <summary>How many of the last events a snapshot carries.</summary>
    public const int LastEventCount = 10;

    /// <summary>The journal's run, operations, steps, last events, pending abort and live lock holder, as of one moment.</summary>
    public static JournalSnapshot Read(string path)
    {
        using var connection = JournalDatabase.OpenExisting(path, readOnly: true);

        // One read transaction: every table as of the same commit.
        using var transaction = connection.BeginTransaction(deferred: true);
        var run = JournalRows.ReadRun(connection, out var lastSequence, transaction);
        var steps = JournalRows.ReadSteps(connection, transaction);
        var events = ReadEvents(connection, transaction, $"SELECT line FROM (SELECT seq, line FROM events ORDER BY seq DESC LIMIT {LastEventCount}) ORDER BY seq");
        var abort = ReadAbort(connection, transaction);
        var gates = JournalGates.Read(connection, transaction);
        return new JournalSnapshot(path, run, lastSequence, Summarize(steps), [.. steps], [.. events], abort, JournalLock.Inspect(path), [.. gates]);
    }

    /// <summary>
    /// The targets the plan did not select, with the reason (provider, status, certificate expiry, exclusion), per
    /// operation id, from the saved plan the journal keeps: what an operator asks when an LB was not failed over.
    /// </summary>
    public static IReadOnlyList<NotSelected> NotSelected(string path)
    {
        using var connection = JournalDatabase.OpenExisting(path, readOnly: true);
        using var command = JournalRows.Command(connection, null, "SELECT saved_plan FROM plan_document WHERE id = 1");
        if (command.ExecuteScalar() is not byte[] saved)
        {
            return [];
        }

        using var document = System.Text.Json.JsonDocument.Parse(saved);
        return
        [
            .. document.RootElement.GetProperty("document").GetProperty("operations").EnumerateArray()
                .SelectMany(o => o.TryGetProperty("skipped", out var skipped)
                    ? skipped.EnumerateArray().Select(t => new NotSelected(o.GetProperty("id").GetString()!, t.GetProperty("id").GetString()!,
                        t.GetProperty("name").GetString()!, t.GetProperty("reason").GetString()!))
                    : []),
        ];
    }

    /// <summary>Every event after <paramref name="afterSequence"/>, in order.</summary>
    public static IReadOnlyList<RunEvent> Events(string path, long afterSequence = 0)
    {
        using var connection = JournalDatabase.OpenExisting(path, readOnly: true);
        return ReadEvents(connection, null, $"SELECT line FROM events WHERE seq > {afterSequence} ORDER BY seq");
    }

    internal static List<RunEvent> ReadEvents(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = JournalRows.Command(connection, transaction, sql);
        using var reader = command.ExecuteReader();
        var events = new List<RunEvent>();
        while (reader.Read())
        {
            events.Add(RunEventJson.Parse(reader.GetString(0)));
        }

        return events;
    }

    private static JournalAbortRequest? ReadAbort(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = JournalRows.Command(connection, transaction,
            "SELECT requested_at, reason, requested_by FROM abort_requests WHERE handled = 0 ORDER BY id LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new JournalAbortRequest(JournalRows.ParseTime(reader.GetString(0)), reader.GetString(1), reader.GetString(2)) : null;
    }

    private static ImmutableArray<JournalOperation> Summarize(List<JournalStep> steps) =>
    [
        .. steps.GroupBy(s => s.Operation, StringComparer.Ordinal)
            .Select(g => new JournalOperation(g.Key, g.Count(), [
                .. JournalStepStates.All
                    .Select(state => KeyValuePair.Create(state, g.Count(s => s.State == state)))
                    .Where(c => c.Value > 0),
            ])),
    ];
}

/// <summary>A target an operation's selection left out, and why.</summary>
public sealed record NotSelected(string Operation, string Id, string Name, string Reason);
