using System.CommandLine;
using Cli.Views;
using Executor.Journal;

namespace Cli.Commands;

/// <summary><c>mplan show JOURNAL [--format text|json]</c>: where a run stands, also while it runs in another process.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var journal = new Argument<string>("JOURNAL") { Description = "The journal apply writes (--journal)." };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("show", "Show a run from its journal: each operation's progress, every target's state, times and details.")
        {
            journal,
            format,
        };
        command.SetAction(parseResult => JournalCommands.Run(context, () =>
        {
            var snapshot = JournalReader.Read(parseResult.GetValue(journal)!);
            if (parseResult.GetValue(format) == "json")
            {
                JournalJsonView.Render(snapshot, context.Output);
            }
            else
            {
                JournalTextView.Render(snapshot, JournalReader.NotSelected(snapshot.Path), context.Output);
                DcmanagerApplyText.Write(context.Output, snapshot.Path);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
