using Executor.Journal;

namespace Cli.Commands;

/// <summary>What the journal commands share: a journal problem is one line on stderr and exit code 1, never a trace.</summary>
internal static class JournalCommands
{
    public static int Run(CliContext context, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (JournalException e)
        {
            context.Error.WriteLine($"mplan: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
