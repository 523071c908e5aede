using Microsoft.Data.Sqlite;

namespace Executor.Journal;

/// <summary>A dcmanager strategy mplan created for an operation, in the order it created them (round 1, 2, … one per window).</summary>
public sealed record StrategyRecord(string Operation, int Round, string Scope, DateTimeOffset RequestedAt, int? StrategyId, DateTimeOffset? CreatedAt,
    string State, DateTimeOffset? DeletedAt)
{
    /// <summary>dcmanager's subcloud-apply-type, as the strategy shows it.</summary>
    public string ApplyType { get; init; } = "";

    public int MaxParallel { get; init; }

    public bool StopOnFailure { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>One subcloud's strategy step as dcmanager last showed it; <see cref="Stage"/> is dcmanager's number (1 Create, 2 Apply, 3 Complete).</summary>
public sealed record StrategyStepRecord(string Operation, int Round, string Cloud, int Stage, string State, string Details,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>
/// The journal's dcmanager tables: the strategies a run created (so that it deletes only its own and a resume adopts
/// the one it was creating) and a mirror of their steps. Added to a journal the first time a run writes to them
/// (<c>CREATE TABLE IF NOT EXISTS</c>: the format version stays); readers find none in older journals. Its own
/// connection, under its own lock, so that driver threads never share the runner's.
/// </summary>
public sealed class StrategyJournal : IDisposable
{
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS dcmanager_strategies (
            operation TEXT NOT NULL, round INTEGER NOT NULL, scope TEXT NOT NULL, requested_at TEXT NOT NULL,
            strategy_id INTEGER, created_at TEXT, state TEXT NOT NULL, deleted_at TEXT,
            apply_type TEXT NOT NULL, max_parallel INTEGER NOT NULL, stop_on_failure INTEGER NOT NULL, updated_at TEXT,
            PRIMARY KEY (operation, round));
        CREATE TABLE IF NOT EXISTS dcmanager_steps (
            operation TEXT NOT NULL, round INTEGER NOT NULL, cloud TEXT NOT NULL, stage INTEGER NOT NULL, state TEXT NOT NULL,
            details TEXT NOT NULL, started_at TEXT, finished_at TEXT,
            PRIMARY KEY (operation, round, cloud));
        CREATE TABLE IF NOT EXISTS dcmanager_strategy_states (
            operation TEXT NOT NULL, round INTEGER NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL, seen_at TEXT NOT NULL,
            PRIMARY KEY (operation, round, seq));
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private StrategyJournal(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the tables of the journal at <paramref name="path"/> for writing, adding them if needed.</summary>
    public static StrategyJournal Open(string path)
    {
        var connection = JournalDatabase.OpenExisting(path, readOnly: false);
        JournalDatabase.Execute(connection, Tables);
        return new StrategyJournal(connection);
    }

    /// <summary>Every strategy and step of the journal at <paramref name="path"/> (read-only); empty when it has none.</summary>
    public static (IReadOnlyList<StrategyRecord> Strategies, IReadOnlyList<StrategyStepRecord> Steps) ReadAll(string path)
    {
        using var connection = JournalDatabase.OpenExisting(path, readOnly: true);
        return HasTables(connection) ? (ReadStrategies(connection, null), ReadSteps(connection, null)) : ([], []);
    }

    public IReadOnlyList<StrategyRecord> Strategies(string operation)
    {
        lock (_gate)
        {
            return ReadStrategies(_connection, operation);
        }
    }

    public IReadOnlyList<StrategyStepRecord> Steps(string operation)
    {
        lock (_gate)
        {
            return ReadSteps(_connection, operation);
        }
    }

    public void Save(StrategyRecord record)
    {
        lock (_gate)
        {
            using var command = JournalRows.Command(_connection, null,
                "INSERT OR REPLACE INTO dcmanager_strategies VALUES ($op, $round, $scope, $requested, $id, $created, $state, $deleted, $apply, $max, $stop, $updated)");
            command.Parameters.AddWithValue("$op", record.Operation);
            command.Parameters.AddWithValue("$round", record.Round);
            command.Parameters.AddWithValue("$scope", record.Scope);
            command.Parameters.AddWithValue("$requested", JournalRows.Time(record.RequestedAt));
            command.Parameters.AddWithValue("$id", (object?)record.StrategyId ?? DBNull.Value);
            command.Parameters.AddWithValue("$created", JournalRows.Db(record.CreatedAt));
            command.Parameters.AddWithValue("$state", record.State);
            command.Parameters.AddWithValue("$deleted", JournalRows.Db(record.DeletedAt));
            command.Parameters.AddWithValue("$apply", record.ApplyType);
            command.Parameters.AddWithValue("$max", record.MaxParallel);
            command.Parameters.AddWithValue("$stop", record.StopOnFailure ? 1 : 0);
            command.Parameters.AddWithValue("$updated", JournalRows.Db(record.UpdatedAt));
            command.ExecuteNonQuery();
            AppendState(record);
        }
    }

    // Every state the strategy was seen in, once, in order: initial → applying → abort requested → aborting → aborted.
    private void AppendState(StrategyRecord record)
    {
        using var last = JournalRows.Command(_connection, null,
            "SELECT state, seq FROM dcmanager_strategy_states WHERE operation = $op AND round = $round ORDER BY seq DESC LIMIT 1");
        last.Parameters.AddWithValue("$op", record.Operation);
        last.Parameters.AddWithValue("$round", record.Round);
        using var reader = last.ExecuteReader();
        var (state, seq) = reader.Read() ? (reader.GetString(0), reader.GetInt32(1)) : (null, 0);
        reader.Close();
        if (state == record.State)
        {
            return;
        }

        using var insert = JournalRows.Command(_connection, null, "INSERT INTO dcmanager_strategy_states VALUES ($op, $round, $seq, $state, $at)");
        insert.Parameters.AddWithValue("$op", record.Operation);
        insert.Parameters.AddWithValue("$round", record.Round);
        insert.Parameters.AddWithValue("$seq", seq + 1);
        insert.Parameters.AddWithValue("$state", record.State);
        insert.Parameters.AddWithValue("$at", JournalRows.Time(record.UpdatedAt ?? record.CreatedAt ?? record.RequestedAt));
        insert.ExecuteNonQuery();
    }

    /// <summary>The states each strategy of the journal at <paramref name="path"/> was seen in, in order, by (operation, round).</summary>
    public static IReadOnlyDictionary<(string Operation, int Round), IReadOnlyList<string>> ReadStates(string path)
    {
        using var connection = JournalDatabase.OpenExisting(path, readOnly: true);
        var states = new Dictionary<(string, int), IReadOnlyList<string>>();
        if (!HasTables(connection, "dcmanager_strategy_states"))
        {
            return states;
        }

        using var command = JournalRows.Command(connection, null, "SELECT operation, round, state FROM dcmanager_strategy_states ORDER BY operation, round, seq");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = (reader.GetString(0), reader.GetInt32(1));
            states[key] = [.. states.GetValueOrDefault(key) ?? [], reader.GetString(2)];
        }

        return states;
    }

    /// <summary>Mirrors the steps of one strategy, in one transaction.</summary>
    public void Save(IReadOnlyList<StrategyStepRecord> steps)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var step in steps)
            {
                using var command = JournalRows.Command(_connection, transaction,
                    "INSERT OR REPLACE INTO dcmanager_steps VALUES ($op, $round, $cloud, $stage, $state, $details, $started, $finished)");
                command.Parameters.AddWithValue("$op", step.Operation);
                command.Parameters.AddWithValue("$round", step.Round);
                command.Parameters.AddWithValue("$cloud", step.Cloud);
                command.Parameters.AddWithValue("$stage", step.Stage);
                command.Parameters.AddWithValue("$state", step.State);
                command.Parameters.AddWithValue("$details", step.Details);
                command.Parameters.AddWithValue("$started", JournalRows.Db(step.StartedAt));
                command.Parameters.AddWithValue("$finished", JournalRows.Db(step.FinishedAt));
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public void Dispose() => _connection.Dispose();

    private static bool HasTables(SqliteConnection connection, string table = "dcmanager_steps")
    {
        using var command = JournalRows.Command(connection, null, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=$table");
        command.Parameters.AddWithValue("$table", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static List<StrategyRecord> ReadStrategies(SqliteConnection connection, string? operation)
    {
        using var command = JournalRows.Command(connection, null,
            "SELECT operation, round, scope, requested_at, strategy_id, created_at, state, deleted_at, apply_type, max_parallel, stop_on_failure, updated_at " +
            "FROM dcmanager_strategies " +
            "WHERE $op IS NULL OR operation = $op ORDER BY operation, round");
        command.Parameters.AddWithValue("$op", (object?)operation ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var list = new List<StrategyRecord>();
        while (reader.Read())
        {
            list.Add(new StrategyRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), JournalRows.ParseTime(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), Time(reader, 5), reader.GetString(6), Time(reader, 7))
            {
                ApplyType = reader.GetString(8),
                MaxParallel = reader.GetInt32(9),
                StopOnFailure = reader.GetInt32(10) != 0,
                UpdatedAt = Time(reader, 11),
            });
        }

        return list;
    }

    private static List<StrategyStepRecord> ReadSteps(SqliteConnection connection, string? operation)
    {
        using var command = JournalRows.Command(connection, null,
            "SELECT operation, round, cloud, stage, state, details, started_at, finished_at FROM dcmanager_steps " +
            "WHERE $op IS NULL OR operation = $op ORDER BY operation, round, cloud");
        command.Parameters.AddWithValue("$op", (object?)operation ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var list = new List<StrategyStepRecord>();
        while (reader.Read())
        {
            list.Add(new StrategyStepRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetString(5), Time(reader, 6), Time(reader, 7)));
        }

        return list;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : JournalRows.ParseTime(reader.GetString(column));
}
