using Executor.Journal;
using Executor.Tests.TestKit;
using Planner.Events;
using Tests.Journal;

namespace Executor.Tests.Journal;

public sealed class JournalRoundTripTests : IDisposable
{
    private readonly JournalScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private Planner.Plans.ResolvedPlan Plan => _scratch.Plan;

    [Fact]
    public void Write_Events_ReadBackIdenticallyAndInOrder()
    {
        // Given
        var path = _scratch.Path("run.journal");
        List<RunEvent> written;
        using (var journal = SampleJournal.Create(path, Plan))
        {
            // When
            written = SampleJournal.WriteScenario(journal, Plan);
        }

        // Then
        var read = JournalReader.Events(path);
        Assert.Equal(written, read);
        Assert.Equal(Enumerable.Range(1, written.Count).Select(i => (long)i), read.Select(e => e.Sequence));
    }

    [Fact]
    public void Steps_AfterScenario_ReflectTheLastEventOfEachStep()
    {
        // Given
        var path = _scratch.Path("run.journal");
        var actions = SampleJournal.Actions(Plan);
        using var journal = SampleJournal.Create(path, Plan);

        // When
        SampleJournal.WriteScenario(journal, Plan);

        // Then: what the writer holds is what a reopened journal reads
        using var reopened = RunJournal.OpenForResume(path);
        Assert.Equal(journal.Steps.Values.OrderBy(s => s.Position), reopened.Steps.Values.OrderBy(s => s.Position));
        var steps = reopened.Steps;
        Assert.Equal(actions.Count, steps.Count);
        Assert.Equal("succeeded", steps[actions[0].Id].State);
        var retried = steps[actions[2].Id];
        Assert.Equal(("succeeded", 2, "amphora replaced"), (retried.State, retried.Attempt, retried.Detail));
        Assert.Equal(SampleJournal.Origin + TimeSpan.FromSeconds(35), retried.StartedAt);
        var submitted = steps[actions[3].Id];
        Assert.Equal(("submitted", true, 1, false), (submitted.State, submitted.Submitted, submitted.Attempt, submitted.IsFinished));
        var running = steps[actions[4].Id];
        Assert.Equal(("running", false, 1), (running.State, running.Submitted, running.Attempt));
        Assert.All(actions.Skip(5), a => Assert.Equal(("pending", 0), (steps[a.Id].State, steps[a.Id].Attempt)));
        Assert.Equal(actions[4].TargetName, running.TargetName);
        Assert.Equal((JournalRunStates.Running, journal.LastSequence), (reopened.Run.State, reopened.LastSequence));
    }

    [Fact]
    public void Read_WhileTheWriterIsOpen_SeesEveryCommittedEvent()
    {
        // Given: a writer that keeps its connection open
        var path = _scratch.Path("run.journal");
        using var journal = SampleJournal.Create(path, Plan);
        var written = SampleJournal.WriteScenario(journal, Plan);

        // When
        var first = JournalReader.Read(path);
        var recorder = new RunEventRecorder(Plan, SampleJournal.Origin, journal, journal.LastSequence + 1);
        recorder.RunFinished(TimeSpan.FromMinutes(9), "aborted", "operator");
        var second = JournalReader.Read(path);

        // Then
        Assert.Equal((written.Count, JournalRunStates.Running), (first.LastSequence, first.Run.State));
        Assert.Equal(written.TakeLast(JournalReader.LastEventCount), first.LastEvents);
        Assert.Equal((written.Count + 1L, JournalRunStates.Finished, "aborted"), (second.LastSequence, second.Run.State, second.Run.EndState));
        Assert.Equal(SampleJournal.Origin + TimeSpan.FromMinutes(9), second.Run.UpdatedAt);
    }

    [Fact]
    public void Read_Operations_CountStepsPerState()
    {
        // Given
        var path = _scratch.Path("run.journal");
        using (var journal = SampleJournal.Create(path, Plan))
        {
            SampleJournal.WriteScenario(journal, Plan);
        }

        // When
        var snapshot = JournalReader.Read(path);

        // Then: every step is counted once, under its own operation, in the state the step table holds
        Assert.Equal(snapshot.Steps.Length, snapshot.Operations.Sum(o => o.Steps));
        foreach (var operation in snapshot.Operations)
        {
            var expected = snapshot.Steps.Where(s => s.Operation == operation.Id).GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(expected.OrderBy(p => p.Key), operation.Counts.OrderBy(p => p.Key));
        }

        Assert.Equal(Plan.Plan.Operations.Select(o => o.Id), snapshot.Operations.Select(o => o.Id));
    }

    [Fact]
    public void Write_WithAGapInTheNumbering_IsRefused()
    {
        // Given
        using var journal = SampleJournal.Create(_scratch.Path("run.journal"), Plan);

        // When
        var error = Assert.Throws<InvalidOperationException>(() => journal.Write(new RunEvent(2, RunEventKind.Note, TimeSpan.Zero, SampleJournal.Origin)));

        // Then
        Assert.Contains("does not follow #0", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, journal.LastSequence);
    }
}
