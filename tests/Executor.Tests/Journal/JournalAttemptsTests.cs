using Executor.Journal;
using Executor.Tests.TestKit;
using Microsoft.Data.Sqlite;
using Tests.Journal;

namespace Executor.Tests.Journal;

/// <summary>The journal's attempts table: what calibration reads, written with the events and derived for older journals.</summary>
public sealed class JournalAttemptsTests : IDisposable
{
    private readonly JournalScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Attempts_OfAScenario_HaveTheirTimesOutcomeKindAndConcurrency()
    {
        // Given
        var path = _scratch.Path("run.journal");
        var plan = _scratch.Plan;
        var steps = SampleJournal.Actions(plan);
        using (var journal = SampleJournal.Create(path, plan))
        {
            // When
            SampleJournal.WriteScenario(journal, plan);
        }

        // Then: one row per attempt, the retried step's two attempts apart
        var attempts = JournalAttempts.Read(path);
        Assert.Equal(6, attempts.Count);
        var at = (int seconds) => SampleJournal.Origin + TimeSpan.FromSeconds(seconds);
        var retried = attempts.Where(a => a.StepId == steps[2].Id).OrderBy(a => a.Attempt).ToList();
        Assert.Equal((1, at(35), at(42), at(49), "failed"), (retried[0].Attempt, retried[0].StartedAt, retried[0].SubmittedAt, retried[0].EndedAt, retried[0].Outcome));
        Assert.Equal((2, at(56), at(63), at(70), "succeeded"), (retried[1].Attempt, retried[1].StartedAt, retried[1].SubmittedAt, retried[1].EndedAt, retried[1].Outcome));
        var operation = plan.Operations[steps[2].Operation];
        Assert.Equal((operation.Spec.Uses, operation.Cluster, steps[2].Action, operation.Concurrency), (retried[0].Uses, retried[0].Cluster, retried[0].Action, retried[0].Concurrency));

        // The last attempt started while the one before it was still running: both are in flight then, if of one operation.
        var last = attempts.Single(a => a.StepId == steps[4].Id);
        Assert.Equal((null, null), (last.EndedAt, last.Outcome));
        Assert.Equal(steps[3].Operation == steps[4].Operation ? 2 : 1, last.InFlight);
    }

    [Fact]
    public void Attempts_OfAFormat2Journal_AreDerivedFromItsEventsAndKeptWhenItIsResumed()
    {
        // Given: a journal as mplan wrote it before the attempts table (format 2)
        var path = _scratch.Path("run.journal");
        using (var journal = SampleJournal.Create(path, _scratch.Plan))
        {
            SampleJournal.WriteScenario(journal, _scratch.Plan);
        }

        var written = JournalAttempts.Read(path);
        JournalScratch.ExecuteSql(path, "DROP TABLE attempts; PRAGMA user_version = 2;");

        // When: read without writing
        var derived = JournalAttempts.Read(path);

        // Then: the same attempts, and the file is untouched
        Assert.Equal(written, derived);
        Assert.Equal((2L, 0L), (Scalar(path, "PRAGMA user_version"), Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'attempts'")));

        // When: resumed, the journal is migrated in place; the attempts the stopped run left open end as interrupted
        using (RunJournal.OpenForResume(path))
        {
        }

        Assert.Equal(3L, Scalar(path, "PRAGMA user_version"));
        var migrated = JournalAttempts.Read(path);
        Assert.Equal(written.Where(a => a.Outcome is not null), migrated.Where(a => a.Outcome != "interrupted"));
        Assert.Equal(written.Count(a => a.Outcome is null), migrated.Count(a => a.Outcome == "interrupted"));
    }

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
