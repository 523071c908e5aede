using Microsoft.Data.Sqlite;

namespace Executor.Journal;

/// <summary>
/// The journal's SQLite file: its tables, its format version and how to open it. Every write is its own transaction
/// under <c>synchronous=FULL</c> in WAL mode, so a commit is on disk when it returns and a kill loses nothing committed.
/// </summary>
internal static class JournalDatabase
{
    /// <summary>
    /// Bump when a table changes in a way an older mplan cannot read; readers refuse a newer format. 2 added the gate
    /// tables; 3 the attempts table. An older journal gets them when it is opened for writing (resume, approve), its
    /// attempts derived from its events; read-only, it reads as having no gates and its attempts are derived in memory.
    /// </summary>
    public const int FormatVersion = 3;

    /// <summary>Marks the file as an mplan journal ("mplj"), so any other SQLite file is told apart.</summary>
    public const int ApplicationId = 0x6D706C6A;

    private const int BusyTimeoutMilliseconds = 10_000;

    private const string Tables = """
        CREATE TABLE run (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            plan_name TEXT NOT NULL,
            plan_sha256 TEXT NOT NULL,
            plan_file TEXT NOT NULL,
            saved_plan_file TEXT,
            mode TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT,
            state TEXT NOT NULL,
            end_state TEXT,
            last_seq INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE plan_document (id INTEGER PRIMARY KEY CHECK (id = 1), saved_plan BLOB NOT NULL);
        CREATE TABLE events (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, step TEXT, time TEXT NOT NULL, line TEXT NOT NULL);
        CREATE TABLE steps (
            step_id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            operation TEXT NOT NULL,
            target TEXT,
            target_name TEXT,
            state TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            submitted INTEGER NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            detail TEXT,
            last_seq INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE abort_requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            requested_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            handled INTEGER NOT NULL DEFAULT 0);
        """ + GateTables + JournalAttempts.Table;

    // Gates the run holds (written by the run's events) and the operators' answers (written by mplan approve, once per
    // gate: the primary key makes a second approval of the same gate fail, so two approvals at once release it once).
    private const string GateTables = """
        CREATE TABLE IF NOT EXISTS gates (
            gate_id TEXT PRIMARY KEY,
            step_id TEXT,
            operation TEXT NOT NULL,
            message TEXT NOT NULL,
            state TEXT NOT NULL,
            waiting_since TEXT NOT NULL,
            deadline TEXT,
            closed_at TEXT,
            approved_by TEXT,
            comment TEXT,
            last_seq INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS gate_approvals (
            gate_id TEXT PRIMARY KEY,
            approved_at TEXT NOT NULL,
            approved_by TEXT NOT NULL,
            comment TEXT,
            requested_by TEXT NOT NULL);
        """;

    /// <summary>
    /// Opens a new, empty file in WAL mode. Its format marks and tables come with the run's first rows, in one
    /// transaction (<see cref="CreateSchema"/>): a reader sees either no journal yet or a whole one.
    /// </summary>
    public static SqliteConnection CreateNew(string path)
    {
        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        Execute(connection, "PRAGMA journal_mode=WAL;"); // Cannot change inside a transaction.
        return connection;
    }

    /// <summary>Marks the file as an mplan journal of this format and creates the tables, inside <paramref name="transaction"/>.</summary>
    public static void CreateSchema(SqliteConnection connection, SqliteTransaction transaction)
    {
        Execute(connection, $"PRAGMA application_id={ApplicationId}; PRAGMA user_version={FormatVersion};", transaction);
        Execute(connection, Tables, transaction);
    }

    /// <summary>Opens an existing journal, refusing (with what to do) a missing file, another kind of file or a newer format.</summary>
    public static SqliteConnection OpenExisting(string path, bool readOnly)
    {
        if (!File.Exists(path))
        {
            throw new JournalException($"{path}: no such journal; check the path (apply writes its journal where --journal says)");
        }

        var connection = Connect(path, readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite);
        try
        {
            if (CheckFormat(path, connection) < FormatVersion && !readOnly)
            {
                using var transaction = connection.BeginTransaction();
                var backfill = !HasTable(connection, "attempts", transaction);
                Execute(connection, GateTables + JournalAttempts.Table + $"PRAGMA user_version={FormatVersion};", transaction);
                if (backfill)
                {
                    JournalAttempts.Backfill(connection, connection, transaction);
                }

                transaction.Commit();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Refuses what is not a journal this mplan reads; returns its format version.</summary>
    private static long CheckFormat(string path, SqliteConnection connection)
    {
        long applicationId, version, tables;
        try
        {
            // One read transaction: the marks and the tables as of the same commit, even while an apply creates the file.
            using var snapshot = connection.BeginTransaction(deferred: true);
            applicationId = Scalar(connection, snapshot, "PRAGMA application_id");
            version = Scalar(connection, snapshot, "PRAGMA user_version");
            tables = Scalar(connection, snapshot, "SELECT count(*) FROM sqlite_master");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            throw new JournalException($"{path}: not an mplan journal (not an SQLite database); give the journal file apply wrote", e);
        }

        if (applicationId == 0 && tables == 0)
        {
            throw new JournalException($"{path}: holds no run yet: an apply is creating it, or was stopped before it wrote anything; " +
                "wait for that apply, or delete the file and start apply again");
        }

        if (applicationId != ApplicationId)
        {
            throw new JournalException($"{path}: not an mplan journal (an SQLite database of another application); give the journal file apply wrote");
        }

        if (version > FormatVersion)
        {
            throw new JournalException($"{path}: journal format {version} is newer than this mplan reads ({FormatVersion}); use the mplan version that wrote it");
        }

        return version;
    }

    /// <summary>Whether the journal has the gate tables (a format 1 journal opened read-only has none).</summary>
    public static bool HasGates(SqliteConnection connection, SqliteTransaction? transaction = null) => HasTable(connection, "gates", transaction);

    /// <summary>Whether the journal has table <paramref name="name"/> (tables added by a newer format may be absent).</summary>
    public static bool HasTable(SqliteConnection connection, string name, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        // No pooling: a pooled connection would keep the file open (and its locks) after Dispose.
        var text = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = BusyTimeoutMilliseconds / 1000 }.ToString();
        var connection = new SqliteConnection(text);
        try
        {
            connection.Open();
            var durable = mode == SqliteOpenMode.ReadOnly ? "" : " PRAGMA synchronous=FULL;";
            Execute(connection, $"PRAGMA busy_timeout={BusyTimeoutMilliseconds};{durable}");
            return connection;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            connection.Dispose();
            throw new JournalException($"{path}: not an mplan journal (not an SQLite database); give the journal file apply wrote", e);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new JournalException($"{path}: cannot open the journal: {e.Message}", e);
        }
    }
}
