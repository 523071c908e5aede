using System.CommandLine;
using Executor.Journal;

namespace Cli.Commands;

/// <summary><c>mplan abort JOURNAL [--reason TEXT]</c>: asks a running apply to stop, from another process.</summary>
internal static class AbortCommand
{
    public static Command Create(CliContext context)
    {
        var journal = new Argument<string>("JOURNAL") { Description = "The journal of the run to stop." };
        var reason = new Option<string>("--reason")
        {
            Description = "Why, recorded in the journal and shown by mplan show.",
            HelpName = "TEXT",
            DefaultValueFactory = _ => "aborted by the operator",
        };
        var command = new Command("abort", "Stop a run: steps in flight finish, nothing new starts, the rest ends not_run.")
        {
            journal,
            reason,
        };
        command.SetAction(parseResult => JournalCommands.Run(context, () =>
        {
            var path = parseResult.GetValue(journal)!;
            var run = JournalAbort.Request(path, parseResult.GetValue(reason)!);
            context.Output.WriteLine($"abort requested for plan '{run.PlanName}' ({run.State}): steps in flight finish, nothing new starts, the rest ends not_run.");
            context.Output.WriteLine(JournalLock.Inspect(path) is not null
                ? $"follow it with: mplan show {path}"
                : "no apply is running on this journal now: the next apply --resume of it starts afresh and ignores this request.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
