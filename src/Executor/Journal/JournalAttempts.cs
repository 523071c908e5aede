using System.Text.Json;
using Microsoft.Data.Sqlite;
using Planner.Events;

namespace Executor.Journal;

/// <summary>
/// One attempt of one step as the journal keeps it for <c>mplan calibrate</c>: when it started, was submitted and ended,
/// how it ended (<c>Outcome</c>: succeeded, failed (also when retried), cancelled, interrupted when its run stopped
/// mid-attempt, null while running), how many attempts of its operation were in flight when it started (itself
/// included) and the operation's concurrency limit from the plan.
/// </summary>
public sealed record JournalAttempt(string StepId, int Attempt, string Operation, string Uses, string Cluster, string Action, string StepKind,
    string? Target, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? EndedAt, string? Outcome, int InFlight, int Concurrency)
{
    public TimeSpan? Duration => EndedAt - StartedAt;
}

/// <summary>
/// The journal's <c>attempts</c> table: written from the step events in their transaction, with each step's kind,
/// cluster and action from the saved plan. Journals older than format 3 have no such table; their attempts are
/// derived from their events by the same rules (<see cref="Read(string)"/>), in memory, without touching the file.
/// </summary>
public static class JournalAttempts
{
    internal const string Table = """
        CREATE TABLE IF NOT EXISTS attempts (
            step_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            operation TEXT NOT NULL,
            uses TEXT NOT NULL,
            cluster TEXT NOT NULL,
            action TEXT NOT NULL,
            step_kind TEXT NOT NULL,
            target TEXT,
            started_at TEXT NOT NULL,
            submitted_at TEXT,
            ended_at TEXT,
            outcome TEXT,
            in_flight INTEGER NOT NULL,
            concurrency INTEGER NOT NULL,
            PRIMARY KEY (step_id, attempt));
        """;

    /// <summary>What the saved plan says of each step: what <see cref="Record"/> stores beside the event's times.</summary>
    internal sealed record StepFacts(string Uses, string Cluster, string Action, string Kind, int Concurrency);

    /// <summary>Every attempt of the journal at <paramref name="path"/>, in start order.</summary>
    public static IReadOnlyList<JournalAttempt> Read(string path)
    {
        using var connection = JournalDatabase.OpenExisting(path, readOnly: true);
        if (JournalDatabase.HasTable(connection, "attempts"))
        {
            return ReadRows(connection);
        }

        // An older journal, read-only: replay its events into an in-memory table, as the writer would have.
        using var memory = new SqliteConnection("Data Source=:memory:");
        memory.Open();
        using var transaction = memory.BeginTransaction();
        JournalDatabase.Execute(memory, Table, transaction);
        Backfill(connection, memory, transaction);
        transaction.Commit();
        return ReadRows(memory);
    }

    /// <summary>Writes into <paramref name="target"/> the attempts that the events of the journal <paramref name="source"/> record.</summary>
    internal static void Backfill(SqliteConnection source, SqliteConnection target, SqliteTransaction transaction)
    {
        var sourceTransaction = ReferenceEquals(source, target) ? transaction : null;
        using var document = JournalRows.Command(source, sourceTransaction, "SELECT saved_plan FROM plan_document WHERE id = 1");
        var facts = document.ExecuteScalar() is byte[] saved ? Facts(saved) : [];
        foreach (var e in JournalReader.ReadEvents(source, sourceTransaction, "SELECT line FROM events ORDER BY seq"))
        {
            Record(target, transaction, e, facts);
        }
    }

    /// <summary>The facts of every non-milestone step of a saved plan, by step id.</summary>
    internal static Dictionary<string, StepFacts> Facts(byte[] savedPlan)
    {
        using var document = JsonDocument.Parse(savedPlan);
        var body = document.RootElement.GetProperty("document");
        var operations = body.GetProperty("operations").EnumerateArray()
            .Select(o => (Uses: o.GetProperty("uses").GetString()!, Cluster: o.GetProperty("cluster").GetString()!, Concurrency: o.GetProperty("concurrency").GetInt32()))
            .ToArray();
        var facts = new Dictionary<string, StepFacts>(StringComparer.Ordinal);
        foreach (var step in body.GetProperty("steps").EnumerateArray())
        {
            var operation = operations[step.GetProperty("operation").GetInt32()];
            facts[step.GetProperty("id").GetString()!] = new StepFacts(operation.Uses, operation.Cluster, step.GetProperty("action").GetString()!,
                step.GetProperty("kind").GetString()!, operation.Concurrency);
        }

        return facts;
    }

    /// <summary>The attempt row a step event opens, marks submitted or closes, written in the event's transaction.</summary>
    internal static void Record(SqliteConnection connection, SqliteTransaction transaction, RunEvent e, IReadOnlyDictionary<string, StepFacts> facts)
    {
        if (e.Step is null || !facts.TryGetValue(e.Step, out var step))
        {
            return;
        }

        var (sql, outcome) = e.Kind switch
        {
            RunEventKind.StepStarted => ("INSERT OR REPLACE INTO attempts (step_id, attempt, operation, uses, cluster, action, step_kind, target, started_at, in_flight, concurrency) " +
                "VALUES ($step, $attempt, $operation, $uses, $cluster, $action, $kind, $target, $time, " +
                "(SELECT count(*) FROM attempts WHERE operation = $operation AND ended_at IS NULL) + 1, $concurrency)", null),
            RunEventKind.StepSubmitted => ("UPDATE attempts SET submitted_at = $time WHERE step_id = $step AND ended_at IS NULL", null),
            RunEventKind.StepRetrying => (Close, "failed"),
            RunEventKind.StepFinished => (Close, e.State),
            _ => (null, null),
        };
        if (sql is null)
        {
            return;
        }

        using var command = JournalRows.Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$step", e.Step);
        command.Parameters.AddWithValue("$attempt", e.Attempt);
        command.Parameters.AddWithValue("$operation", e.Operation ?? StepTransitions.OperationOf(e.Step));
        command.Parameters.AddWithValue("$uses", step.Uses);
        command.Parameters.AddWithValue("$cluster", step.Cluster);
        command.Parameters.AddWithValue("$action", step.Action);
        command.Parameters.AddWithValue("$kind", step.Kind);
        command.Parameters.AddWithValue("$target", JournalRows.Db(e.Target));
        command.Parameters.AddWithValue("$time", JournalRows.Time(e.Time));
        command.Parameters.AddWithValue("$concurrency", step.Concurrency);
        command.Parameters.AddWithValue("$outcome", JournalRows.Db(outcome));
        command.ExecuteNonQuery();
    }

    /// <summary>Closes the attempts a stopped run left open, so they do not count as in flight after a resume.</summary>
    internal static void CloseInterrupted(SqliteConnection connection, DateTimeOffset at) =>
        JournalDatabase.Execute(connection, $"UPDATE attempts SET ended_at = '{JournalRows.Time(at)}', outcome = 'interrupted' WHERE ended_at IS NULL");

    private const string Close = "UPDATE attempts SET ended_at = $time, outcome = $outcome WHERE step_id = $step AND ended_at IS NULL";

    private static List<JournalAttempt> ReadRows(SqliteConnection connection)
    {
        using var command = JournalRows.Command(connection, null,
            "SELECT step_id, attempt, operation, uses, cluster, action, step_kind, target, started_at, submitted_at, ended_at, outcome, in_flight, concurrency " +
            "FROM attempts ORDER BY started_at, step_id, attempt");
        using var reader = command.ExecuteReader();
        var attempts = new List<JournalAttempt>();
        while (reader.Read())
        {
            attempts.Add(new JournalAttempt(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), JournalRows.Text(reader, 7), JournalRows.ParseTime(reader.GetString(8)),
                Time(reader, 9), Time(reader, 10), JournalRows.Text(reader, 11), reader.GetInt32(12), reader.GetInt32(13)));
        }

        return attempts;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) => JournalRows.Text(reader, column) is { } text ? JournalRows.ParseTime(text) : null;
}
