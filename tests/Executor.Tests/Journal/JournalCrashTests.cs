using Executor.Journal;
using Xunit.Abstractions;
using Executor.Tests.TestKit;

namespace Executor.Tests.Journal;

/// <summary>A process killed with SIGKILL at any moment loses nothing the journal acknowledged.</summary>
public sealed class JournalCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 12;

    private readonly JournalScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Kill9_AtRandomMoments_LosesNoAcknowledgedEventAndLeavesNoGap()
    {
        // Given: a journal, and a child that continues it and prints each sequence number after its commit returned
        var path = _scratch.NewJournal();
        var random = new Random(20261205);
        var acknowledged = 0L;

        for (var round = 0; round < Rounds; round++)
        {
            // When: it runs for a random while after its first commit, then is killed
            using var child = ChildProcess.Start("append", path);
            var first = child.ReadLine();
            Assert.True(long.TryParse(first, out var firstSequence), $"round {round}: the child said '{first}'");
            Assert.Equal(acknowledged + 1, firstSequence);
            Thread.Sleep(random.Next(0, 300));
            child.Kill();
            var lines = new List<string> { first! };
            while (child.ReadLine() is { } line)
            {
                lines.Add(line);
            }

            // A line cut off by the kill was never fully printed, so it was not acknowledged.
            acknowledged = lines.Where(l => long.TryParse(l, out _)).Select(long.Parse).Max();

            // Then
            var sequences = JournalReader.Events(path).Select(e => e.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
            Assert.True(sequences.Count >= acknowledged, $"round {round}: acknowledged #{acknowledged}, journal holds {sequences.Count}");
            using var reopened = RunJournal.OpenForResume(path);
            Assert.Equal(sequences.Count, reopened.LastSequence);
            output.WriteLine($"round {round}: acknowledged #{acknowledged}, journal holds #{reopened.LastSequence}");
            acknowledged = reopened.LastSequence;
        }
    }
}
