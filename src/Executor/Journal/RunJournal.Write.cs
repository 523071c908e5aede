using Microsoft.Data.Sqlite;
using Planner.Events;

namespace Executor.Journal;

/// <summary>The write path: one event, one transaction.</summary>
public sealed partial class RunJournal
{
    /// <summary>
    /// Appends <paramref name="e"/>, updates its step's row and the run's record, and commits, all in one
    /// transaction: when this returns, the event is on disk. Events must come numbered without gaps.
    /// </summary>
    public void Write(RunEvent e)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (e.Sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"event #{e.Sequence} does not follow #{LastSequence} in {Path}; the journal's numbering has no gaps, this is a bug in mplan");
        }

        var step = StepTransitions.IsStepEvent(e) ? StepTransitions.Apply(_steps.GetValueOrDefault(e.Step!), e) : null;
        var run = Next(Run, e);
        using (var transaction = _connection.BeginTransaction())
        {
            var p = _insertEvent.Parameters;
            p["$seq"].Value = e.Sequence;
            p["$kind"].Value = e.KindName;
            p["$step"].Value = JournalRows.Db(e.Step);
            p["$time"].Value = JournalRows.Time(e.Time);
            p["$line"].Value = RunEventJson.ToLine(e);
            Execute(_insertEvent, transaction);
            if (step is not null)
            {
                JournalRows.SetStep(_upsertStep, step, e.Sequence);
                Execute(_upsertStep, transaction);
                JournalAttempts.Record(_connection, transaction, e, _stepFacts);
            }

            if (e.Kind is RunEventKind.GateWaiting or RunEventKind.GateClosed)
            {
                JournalGates.Record(_connection, transaction, e);
            }

            var r = _updateRun.Parameters;
            r["$state"].Value = run.State;
            r["$end"].Value = JournalRows.Db(run.EndState);
            r["$updated"].Value = JournalRows.Db(run.UpdatedAt);
            r["$seq"].Value = e.Sequence;
            Execute(_updateRun, transaction);
            transaction.Commit();
        }

        // Only what is committed becomes visible to the caller.
        LastSequence = e.Sequence;
        Run = run;
        if (step is not null)
        {
            _steps[step.StepId] = step;
        }
    }

    private static JournalRun Next(JournalRun run, RunEvent e) => e.Kind switch
    {
        RunEventKind.RunStarted => run with { State = JournalRunStates.Running, EndState = null, UpdatedAt = e.Time },
        RunEventKind.RunFinished => run with { State = JournalRunStates.Finished, EndState = e.State, UpdatedAt = e.Time },
        _ => run with { UpdatedAt = e.Time },
    };

    private static void Execute(SqliteCommand command, SqliteTransaction transaction)
    {
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand EventInsert(SqliteConnection connection) =>
        JournalRows.Prepared(connection, "INSERT INTO events (seq, kind, step, time, line) VALUES ($seq, $kind, $step, $time, $line)", "$seq", "$kind", "$step", "$time", "$line");

    private static SqliteCommand RunUpdate(SqliteConnection connection) =>
        JournalRows.Prepared(connection, "UPDATE run SET state = $state, end_state = $end, updated_at = $updated, last_seq = $seq WHERE id = 1", "$state", "$end", "$updated", "$seq");
}
