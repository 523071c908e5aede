using Executor.Journal;

namespace Cli.Tests.TestKit;

/// <summary>Watches a journal another apply is writing, for tests that act in the middle of a run.</summary>
internal static class JournalProbe
{
    /// <summary>True once some step's side effect was accepted; false while the journal is still being created.</summary>
    public static bool Submitted(string journal)
    {
        try
        {
            return File.Exists(journal) && JournalReader.Read(journal).Steps.Any(s => s.State == JournalStepStates.Submitted);
        }
        catch (JournalException e) when (e.Message.Contains("holds no run yet", StringComparison.Ordinal))
        {
            // The file exists a moment before apply's first commit.
            return false;
        }
    }

    /// <summary>Waits (up to 10 s) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "timed out waiting for the run to get going");
    }
}
