using Microsoft.Data.Sqlite;
using Planner.Events;

namespace Executor.Journal;

/// <summary>
/// One gate of a run, an approval step or a failure policy's pause, as the journal has it: <c>StepId</c> is null for a
/// pause; <c>State</c> is waiting, approved, timed_out or withdrawn (<see cref="JournalGates"/>).
/// </summary>
public sealed record JournalGate(string GateId, string? StepId, string Operation, string Message, string State,
    DateTimeOffset WaitingSince, DateTimeOffset? Deadline, DateTimeOffset? ClosedAt, string? ApprovedBy, string? Comment);

/// <summary>An operator's approval of a gate, recorded by <c>mplan approve</c> for the run to act on.</summary>
public sealed record GateApproval(string GateId, DateTimeOffset ApprovedAt, string ApprovedBy, string? Comment);

/// <summary>
/// The journal's gates. The run writes them through its events (gate_waiting, gate_closed); <c>mplan approve</c>, from
/// any process, records an approval of a waiting gate, which the run polls, acts on and closes. An approval is
/// written once per gate, in a write transaction that first checks the gate waits: two approvals at once release it once.
/// </summary>
public static class JournalGates
{
    public const string Waiting = "waiting";
    public const string Approved = "approved";
    public const string TimedOut = "timed_out";

    /// <summary>A pause whose run ended (aborted or stopped) before an operator answered: nothing waits for it any more.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>
    /// Approves <paramref name="gate"/> (or the only waiting gate when null). Refuses, with what to do, a gate that does
    /// not exist, does not wait, or was already approved.
    /// </summary>
    public static (GateApproval Approval, JournalGate Gate, JournalRun Run) Approve(string path, string? gate, string by, string? comment, TimeProvider? time = null)
    {
        using var connection = JournalDatabase.OpenExisting(path, readOnly: false);

        // IMMEDIATE: the write lock first, so the gate cannot close, or be approved by another, between the check and the insert.
        using var transaction = connection.BeginTransaction(deferred: false);
        var run = JournalRows.ReadRun(connection, out _, transaction);
        var gates = Read(connection, transaction);
        var approvals = ReadApprovals(connection, transaction).ToDictionary(a => a.GateId, StringComparer.Ordinal);
        var target = gate is null ? OnlyWaiting(path, gates, approvals) : Named(path, gates, gate);
        if (approvals.TryGetValue(target.GateId, out var earlier))
        {
            throw new JournalException($"{path}: gate '{target.GateId}' was already approved by {earlier.ApprovedBy} at {Planner.Documents.TimeText.Format(earlier.ApprovedAt)}; " +
                $"nothing to do (mplan show {path} tells where the run stands)");
        }

        if (target.State != Waiting)
        {
            throw new JournalException($"{path}: gate '{target.GateId}' does not wait: it is {target.State.Replace('_', ' ')}" +
                (target.ClosedAt is { } closed ? $" since {Planner.Documents.TimeText.Format(closed)}" : "") + $" (mplan show {path} lists the gates)");
        }

        var approval = new GateApproval(target.GateId, (time ?? TimeProvider.System).GetUtcNow(), by, comment);
        using var insert = JournalRows.Command(connection, transaction,
            "INSERT INTO gate_approvals (gate_id, approved_at, approved_by, comment, requested_by) VALUES ($gate, $at, $by, $comment, $requester)");
        insert.Parameters.AddWithValue("$gate", approval.GateId);
        insert.Parameters.AddWithValue("$at", JournalRows.Time(approval.ApprovedAt));
        insert.Parameters.AddWithValue("$by", by);
        insert.Parameters.AddWithValue("$comment", JournalRows.Db(comment));
        insert.Parameters.AddWithValue("$requester", $"{Environment.UserName}@{Environment.MachineName} (pid {Environment.ProcessId})");
        insert.ExecuteNonQuery();
        transaction.Commit();
        return (approval, target, run);
    }

    /// <summary>
    /// Every gate of the journal, in the order they first waited; none for a format 1 journal. A waiting gate whose
    /// approval the run has not acted on yet carries its approver and comment already.
    /// </summary>
    public static IReadOnlyList<JournalGate> Read(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        if (!JournalDatabase.HasGates(connection, transaction))
        {
            return [];
        }

        using var command = JournalRows.Command(connection, transaction,
            "SELECT g.gate_id, g.step_id, g.operation, g.message, g.state, g.waiting_since, g.deadline, g.closed_at, " +
            "coalesce(g.approved_by, a.approved_by), coalesce(g.comment, a.comment) " +
            "FROM gates g LEFT JOIN gate_approvals a ON a.gate_id = g.gate_id ORDER BY g.waiting_since, g.gate_id");
        using var reader = command.ExecuteReader();
        var gates = new List<JournalGate>();
        while (reader.Read())
        {
            gates.Add(new JournalGate(reader.GetString(0), JournalRows.Text(reader, 1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                JournalRows.ParseTime(reader.GetString(5)), Time(reader, 6), Time(reader, 7), JournalRows.Text(reader, 8), JournalRows.Text(reader, 9)));
        }

        return gates;
    }

    /// <summary>Approvals recorded for any of <paramref name="gateIds"/>.</summary>
    internal static IReadOnlyList<GateApproval> ApprovalsFor(SqliteConnection connection, IReadOnlyCollection<string> gateIds) =>
        gateIds.Count == 0 ? [] : [.. ReadApprovals(connection, null).Where(a => gateIds.Contains(a.GateId))];

    /// <summary>The gate row a gate event leaves, written in the event's transaction.</summary>
    internal static void Record(SqliteConnection connection, SqliteTransaction transaction, RunEvent e)
    {
        var sql = e.Kind == RunEventKind.GateWaiting
            ? "INSERT OR REPLACE INTO gates (gate_id, step_id, operation, message, state, waiting_since, deadline, last_seq) " +
              "VALUES ($gate, $step, $operation, $detail, 'waiting', $time, $deadline, $seq)"
            : "UPDATE gates SET state = $state, closed_at = $time, approved_by = $by, comment = $detail, last_seq = $seq WHERE gate_id = $gate";
        using var command = JournalRows.Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$gate", e.Gate);
        command.Parameters.AddWithValue("$step", JournalRows.Db(e.Step));
        command.Parameters.AddWithValue("$operation", e.Operation ?? "");
        command.Parameters.AddWithValue("$detail", JournalRows.Db(e.Detail));
        command.Parameters.AddWithValue("$time", JournalRows.Time(e.Time));
        command.Parameters.AddWithValue("$deadline", JournalRows.Db(e.Deadline is { } deadline ? e.Time - e.At + deadline : null));
        command.Parameters.AddWithValue("$state", JournalRows.Db(e.State));
        command.Parameters.AddWithValue("$by", JournalRows.Db(e.By));
        command.Parameters.AddWithValue("$seq", e.Sequence);
        command.ExecuteNonQuery();
    }

    private static List<GateApproval> ReadApprovals(SqliteConnection connection, SqliteTransaction? transaction)
    {
        if (!JournalDatabase.HasGates(connection, transaction))
        {
            return [];
        }

        using var command = JournalRows.Command(connection, transaction, "SELECT gate_id, approved_at, approved_by, comment FROM gate_approvals");
        using var reader = command.ExecuteReader();
        var approvals = new List<GateApproval>();
        while (reader.Read())
        {
            approvals.Add(new GateApproval(reader.GetString(0), JournalRows.ParseTime(reader.GetString(1)), reader.GetString(2), JournalRows.Text(reader, 3)));
        }

        return approvals;
    }

    private static JournalGate OnlyWaiting(string path, IReadOnlyList<JournalGate> gates, Dictionary<string, GateApproval> approvals)
    {
        var waiting = gates.Where(g => g.State == Waiting && !approvals.ContainsKey(g.GateId)).ToList();
        return waiting.Count switch
        {
            1 => waiting[0],
            0 => throw new JournalException($"{path}: no gate waits for approval" +
                (gates.Count == 0 ? " (the run has reached none)" : $" (its gates: {string.Join(", ", gates.Select(g => $"{g.GateId} {g.State.Replace('_', ' ')}"))})")),
            _ => throw new JournalException($"{path}: {waiting.Count} gates wait: {string.Join(", ", waiting.Select(g => g.GateId))}; name the one to approve"),
        };
    }

    private static JournalGate Named(string path, IReadOnlyList<JournalGate> gates, string gate) =>
        gates.FirstOrDefault(g => g.GateId == gate)
        ?? throw new JournalException($"{path}: no gate '{gate}' in this run" +
            (gates.Count == 0 ? "; the run has reached no gate yet" : $" (its gates: {string.Join(", ", gates.Select(g => g.GateId))})"));

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) => JournalRows.Text(reader, column) is { } text ? JournalRows.ParseTime(text) : null;
}
