using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Executor.Journal;

/// <summary>Reads and writes the journal's rows: one place for column lists and the time format.</summary>
internal static class JournalRows
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static object Db(string? value) => (object?)value ?? DBNull.Value;

    public static object Db(DateTimeOffset? value) => value is { } time ? Time(time) : DBNull.Value;

    public static JournalRun ReadRun(SqliteConnection connection, out long lastSequence, SqliteTransaction? transaction = null)
    {
        using var command = Command(connection, transaction, "SELECT plan_name, plan_sha256, plan_file, saved_plan_file, created_at, mode, state, end_state, updated_at, last_seq FROM run");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new JournalException("the journal has no run record (it was never completely created); start a new apply with another --journal path");
        }

        lastSequence = reader.GetInt64(9);
        return new JournalRun(reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), ParseTime(reader.GetString(4)), reader.GetString(5))
        {
            State = reader.GetString(6),
            EndState = Text(reader, 7),
            UpdatedAt = Text(reader, 8) is { } updated ? ParseTime(updated) : null,
        };
    }

    public static void InsertRun(SqliteConnection connection, SqliteTransaction transaction, JournalRun run, string toolVersion)
    {
        using var command = Command(connection, transaction,
            "INSERT INTO run (id, plan_name, plan_sha256, plan_file, saved_plan_file, mode, tool_version, created_at, state) " +
            "VALUES (1, $name, $sha, $file, $saved, $mode, $tool, $created, $state)");
        command.Parameters.AddWithValue("$name", run.PlanName);
        command.Parameters.AddWithValue("$sha", run.PlanSha256);
        command.Parameters.AddWithValue("$file", run.PlanFile);
        command.Parameters.AddWithValue("$saved", Db(run.SavedPlanFile));
        command.Parameters.AddWithValue("$mode", run.Mode);
        command.Parameters.AddWithValue("$tool", toolVersion);
        command.Parameters.AddWithValue("$created", Time(run.CreatedAt));
        command.Parameters.AddWithValue("$state", run.State);
        command.ExecuteNonQuery();
    }

    /// <summary>Every step row, in plan order.</summary>
    public static List<JournalStep> ReadSteps(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = Command(connection, transaction, "SELECT step_id, operation, target, state, attempt, submitted, started_at, finished_at, detail, target_name, position " +
            "FROM steps ORDER BY position, step_id");
        using var reader = command.ExecuteReader();
        var steps = new List<JournalStep>();
        while (reader.Read())
        {
            steps.Add(new JournalStep(reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.GetString(3), reader.GetInt32(4),
                reader.GetInt64(5) != 0, Text(reader, 6) is { } started ? ParseTime(started) : null,
                Text(reader, 7) is { } finished ? ParseTime(finished) : null, Text(reader, 8))
            {
                TargetName = Text(reader, 9),
                Position = reader.GetInt32(10),
            });
        }

        return steps;
    }

    /// <summary>A prepared insert-or-replace of one step row, reused for every event.</summary>
    public static SqliteCommand StepUpsert(SqliteConnection connection) =>
        Prepared(connection, "INSERT OR REPLACE INTO steps (step_id, position, operation, target, target_name, state, attempt, submitted, " +
            "started_at, finished_at, detail, last_seq) VALUES ($id, $position, $operation, $target, $name, $state, $attempt, $submitted, " +
            "$started, $finished, $detail, $seq)",
            "$id", "$position", "$operation", "$target", "$name", "$state", "$attempt", "$submitted", "$started", "$finished", "$detail", "$seq");

    /// <summary>A command with named parameters to fill in before each execution.</summary>
    public static SqliteCommand Prepared(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    public static void SetStep(SqliteCommand upsert, JournalStep step, long sequence)
    {
        var p = upsert.Parameters;
        p["$id"].Value = step.StepId;
        p["$position"].Value = step.Position;
        p["$operation"].Value = step.Operation;
        p["$target"].Value = Db(step.Target);
        p["$name"].Value = Db(step.TargetName);
        p["$state"].Value = step.State;
        p["$attempt"].Value = step.Attempt;
        p["$submitted"].Value = step.Submitted ? 1 : 0;
        p["$started"].Value = Db(step.StartedAt);
        p["$finished"].Value = Db(step.FinishedAt);
        p["$detail"].Value = Db(step.Detail);
        p["$seq"].Value = sequence;
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static string? Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
