using Executor.Journal;
using Executor.Tests.TestKit;
using Planner.Events;
using Tests.Journal;

namespace Executor.Tests.Journal;

public sealed class JournalAbortTests : IDisposable
{
    private readonly JournalScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private Planner.Plans.ResolvedPlan Plan => _scratch.Plan;

    [Fact]
    public void Request_FromAnotherProcess_IsSeenByTheRunningWriter()
    {
        // Given: a writer in the middle of its run
        var path = _scratch.Path("run.journal");
        using var journal = SampleJournal.Create(path, Plan);
        SampleJournal.WriteScenario(journal, Plan);
        Assert.False(journal.AbortRequested(out _));

        // When
        using var child = ChildProcess.Start("abort", path, "change window closed");
        var said = child.ReadToEnd();

        // Then
        Assert.Equal("requested", said.Trim());
        Assert.True(journal.AbortRequested(out var reason));
        Assert.Equal("change window closed", reason);
        Assert.Equal("change window closed", JournalReader.Read(path).Abort?.Reason);
    }

    [Fact]
    public void Request_OnAFinishedRun_IsRefused()
    {
        // Given
        var path = _scratch.Path("run.journal");
        using (var journal = SampleJournal.Create(path, Plan))
        {
            var recorder = new RunEventRecorder(Plan, SampleJournal.Origin, journal);
            recorder.RunStarted(TimeSpan.Zero, "start");
            recorder.RunFinished(TimeSpan.FromMinutes(1), "succeeded", null);
        }

        // When
        var error = Assert.Throws<JournalException>(() => JournalAbort.Request(path, "too late"));

        // Then
        Assert.Equal($"{path}: the run already finished (succeeded); there is nothing to abort (mplan show {path} tells how it ended)", error.Message);
        Assert.Null(JournalReader.Read(path).Abort);
    }

    [Fact]
    public void OpenForResume_AfterAnAbort_StartsWithoutTheOldRequest()
    {
        // Given
        var path = _scratch.NewJournal();
        JournalAbort.Request(path, "stop for now", new FixedTime(SampleJournal.Origin));
        Assert.Equal(SampleJournal.Origin, JournalReader.Read(path).Abort?.RequestedAt);

        // When
        using var resumed = RunJournal.OpenForResume(path);

        // Then
        Assert.False(resumed.AbortRequested(out var reason));
        Assert.Null(reason);
        Assert.Null(JournalReader.Read(path).Abort);
    }
}
