namespace Executor.Journal;

/// <summary>
/// <c>mplan abort</c>'s side: records a request that the run stop, from any process. The runner polls
/// <see cref="RunJournal.AbortRequested"/>, lets in-flight steps finish, starts nothing new, and ends the rest not_run.
/// </summary>
public static class JournalAbort
{
    /// <summary>Records the request; refuses (with a <see cref="JournalException"/>) a run that already finished.</summary>
    /// <returns>The run as it stood when the request was committed.</returns>
    public static JournalRun Request(string path, string reason, TimeProvider? time = null)
    {
        using var connection = JournalDatabase.OpenExisting(path, readOnly: false);

        // IMMEDIATE: take the write lock first, so the run cannot finish between the check and the insert.
        using var transaction = connection.BeginTransaction(deferred: false);
        var run = JournalRows.ReadRun(connection, out _, transaction);
        if (run.State == JournalRunStates.Finished)
        {
            throw new JournalException($"{path}: the run already finished ({run.EndState}); there is nothing to abort (mplan show {path} tells how it ended)");
        }

        using var insert = JournalRows.Command(connection, transaction,
            "INSERT INTO abort_requests (requested_at, reason, requested_by) VALUES ($at, $reason, $by)");
        insert.Parameters.AddWithValue("$at", JournalRows.Time((time ?? TimeProvider.System).GetUtcNow()));
        insert.Parameters.AddWithValue("$reason", reason);
        insert.Parameters.AddWithValue("$by", $"{Environment.UserName}@{Environment.MachineName} (pid {Environment.ProcessId})");
        insert.ExecuteNonQuery();
        transaction.Commit();
        return run;
    }
}
