using System.Reflection;
using Microsoft.Data.Sqlite;
using Planner.Events;

namespace Executor.Journal;

/// <summary>
/// The apply journal: an SQLite file that stores every <see cref="RunEvent"/> of a run, append-only, with each step's
/// current state and the run's record updated in the same transaction, and the saved plan itself, so that
/// <c>show</c> and <c>apply --resume</c> work from the journal alone. <see cref="Write"/> returns once the event is
/// committed to disk: a process killed at any moment loses nothing it was told was written.
/// </summary>
/// <remarks>One writer at a time (take a <see cref="JournalLock"/> first); readers and abort requests from other
/// processes go through WAL mode alongside it. Not thread-safe: the runner writes from one thread.</remarks>
public sealed partial class RunJournal : IRunEventSink, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, JournalStep> _steps;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _upsertStep;
    private readonly SqliteCommand _updateRun;
    private readonly Dictionary<string, JournalAttempts.StepFacts> _stepFacts;
    private bool _disposed;

    private RunJournal(string path, SqliteConnection connection, JournalRun run, byte[] savedPlan, long lastSequence, List<JournalStep> steps)
    {
        Path = path;
        _connection = connection;
        Run = run;
        SavedPlan = savedPlan;
        LastSequence = lastSequence;
        _steps = steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        Steps = _steps.AsReadOnly();
        _insertEvent = EventInsert(connection);
        _upsertStep = JournalRows.StepUpsert(connection);
        _updateRun = RunUpdate(connection);
        _stepFacts = JournalAttempts.Facts(savedPlan);
    }

    public string Path { get; }

    /// <summary>The run's record, as of the last event written.</summary>
    public JournalRun Run { get; private set; }

    /// <summary>The saved plan's bytes (<see cref="Planner.Plans.SavedPlan.Write(Planner.Plans.ResolvedPlan)"/>), as they were when the run was created.</summary>
    public byte[] SavedPlan { get; }

    /// <summary>The last event's sequence number (0 before the first): the next event must be this plus one.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Every step of the plan by id, as of the last event: pending, in progress (and whether submitted) or finished.</summary>
    public IReadOnlyDictionary<string, JournalStep> Steps { get; }

    /// <summary>
    /// Creates a new journal at <paramref name="path"/> for <paramref name="run"/>, with every step of
    /// <paramref name="savedPlan"/> pending. Refuses a path that already holds a journal (resume it instead) or any
    /// other non-empty file.
    /// </summary>
    public static RunJournal Create(string path, JournalRun run, byte[] savedPlan)
    {
        RefuseExisting(path);
        var steps = SavedPlanSteps.Pending(savedPlan, run);
        var connection = JournalDatabase.CreateNew(path);
        try
        {
            using (var transaction = connection.BeginTransaction())
            {
                JournalDatabase.CreateSchema(connection, transaction);
                JournalRows.InsertRun(connection, transaction, run with { State = JournalRunStates.Created }, ToolVersion);
                using (var document = JournalRows.Command(connection, transaction, "INSERT INTO plan_document (id, saved_plan) VALUES (1, $bytes)"))
                {
                    document.Parameters.AddWithValue("$bytes", savedPlan);
                    document.ExecuteNonQuery();
                }

                using var upsert = JournalRows.StepUpsert(connection);
                upsert.Transaction = transaction;
                foreach (var step in steps)
                {
                    JournalRows.SetStep(upsert, step, 0);
                    upsert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            return new RunJournal(path, connection, run with { State = JournalRunStates.Created, EndState = null, UpdatedAt = null }, savedPlan, 0, steps);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing journal to continue its run. Abort requests made before are marked handled: resuming is the
    /// operator's newer decision.
    /// </summary>
    public static RunJournal OpenForResume(string path)
    {
        var connection = JournalDatabase.OpenExisting(path, readOnly: false);
        try
        {
            var run = JournalRows.ReadRun(connection, out var lastSequence);
            var steps = JournalRows.ReadSteps(connection);
            byte[] savedPlan;
            using (var document = JournalRows.Command(connection, null, "SELECT saved_plan FROM plan_document WHERE id = 1"))
            {
                savedPlan = document.ExecuteScalar() as byte[]
                    ?? throw new JournalException($"{path}: the journal lacks its saved plan; it cannot be resumed, start a new apply");
            }

            JournalDatabase.Execute(connection, "UPDATE abort_requests SET handled = 1 WHERE handled = 0");
            JournalAttempts.CloseInterrupted(connection, run.UpdatedAt ?? run.CreatedAt);
            return new RunJournal(path, connection, run, savedPlan, lastSequence, steps);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Refuses to continue this journal with a plan whose hash differs from the one it was made for.</summary>
    public void CheckPlan(string planSha256)
    {
        if (!string.Equals(planSha256, Run.PlanSha256, StringComparison.Ordinal))
        {
            throw new JournalException($"{Path}: the journal belongs to a different plan (journal {Run.PlanSha256[..12]}…, plan {planSha256[..Math.Min(12, planSha256.Length)]}…); " +
                "resume with the plan it was made for, or start a new apply with another --journal path");
        }
    }

    /// <summary>
    /// True when <c>mplan abort</c> asked this run to stop (in-flight steps finish, nothing new starts), with the
    /// operator's reason. One indexed query: cheap enough to poll about once a second.
    /// </summary>
    public bool AbortRequested(out string? reason)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var command = JournalRows.Command(_connection, null, "SELECT reason FROM abort_requests WHERE handled = 0 ORDER BY id LIMIT 1");
        reason = command.ExecuteScalar() as string;
        return reason is not null;
    }

    /// <summary>The approvals <c>mplan approve</c> recorded for any of <paramref name="gateIds"/>; cheap enough to poll about once a second.</summary>
    public IReadOnlyList<GateApproval> ApprovalsFor(IReadOnlyCollection<string> gateIds)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return JournalGates.ApprovalsFor(_connection, gateIds);
    }

    /// <summary>Every gate of the run, as committed.</summary>
    public IReadOnlyList<JournalGate> Gates()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return JournalGates.Read(_connection);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _insertEvent.Dispose();
        _upsertStep.Dispose();
        _updateRun.Dispose();
        _connection.Dispose();
    }

    private static string ToolVersion =>
        typeof(RunJournal).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static void RefuseExisting(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return;
        }

        JournalRun existing;
        using (var connection = OpenOrExplain(path))
        {
            existing = JournalRows.ReadRun(connection, out _);
        }

        throw new JournalException($"{path}: already holds a run of plan '{existing.PlanName}' ({existing.EndState ?? existing.State}); " +
            $"continue it with mplan apply --resume {path}, or choose another --journal path");
    }

    private static SqliteConnection OpenOrExplain(string path)
    {
        try
        {
            return JournalDatabase.OpenExisting(path, readOnly: true);
        }
        catch (JournalException e)
        {
            throw new JournalException($"{path}: exists and is not an empty file; mplan will not overwrite it ({e.Message}); choose another --journal path", e);
        }
    }
}
