using System.CommandLine;
using Executor.Journal;

namespace Cli.Commands;

/// <summary>
/// <c>mplan approve JOURNAL [GATE] [--by NAME] [--comment TEXT]</c>: releases a gate the run waits at (an approval step,
/// a paused failure policy), from any shell. The journal keeps who, when and the comment. A gate that does not wait
/// is refused with exit code 1.
/// </summary>
internal static class ApproveCommand
{
    public static Command Create(CliContext context)
    {
        var journal = new Argument<string>("JOURNAL") { Description = "The journal of the run." };
        var gate = new Argument<string?>("GATE")
        {
            Description = "The gate to release (mplan show lists the waiting ones); may be left out when exactly one waits.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var by = new Option<string?>("--by") { Description = "Who approves (default: the OS user).", HelpName = "NAME" };
        var comment = new Option<string?>("--comment") { Description = "Why, kept in the journal beside who and when.", HelpName = "TEXT" };
        var command = new Command("approve", "Release a gate the run waits at: an approval step or a paused failure policy.")
        {
            journal,
            gate,
            by,
            comment,
        };
        command.SetAction(parseResult => JournalCommands.Run(context, () =>
        {
            var path = parseResult.GetValue(journal)!;
            var who = parseResult.GetValue(by) is { Length: > 0 } name ? name : Environment.UserName;
            var (approval, approved, run) = JournalGates.Approve(path, parseResult.GetValue(gate), who, parseResult.GetValue(comment));
            context.Output.WriteLine($"approved gate '{approved.GateId}' of plan '{run.PlanName}' as {approval.ApprovedBy}" +
                (approval.Comment is { Length: > 0 } why ? $" ({why})" : ""));
            context.Output.WriteLine(JournalLock.Inspect(path) is not null
                ? "the running apply goes on within a second or so; follow it with: mplan show " + path
                : $"no apply is running on this journal now: mplan apply --resume {path} goes on past the gate");
            return ExitCodes.Success;
        }));
        return command;
    }
}
