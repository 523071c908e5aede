using System.Diagnostics;
using System.Globalization;
using Executor.Drivers;
using Planner.Operations.Kinds;
using Planner.Plans;

namespace Executor.Shell;

/// <summary>
/// <c>shell.run</c> / <c>run</c>: runs the command the plan rendered for the target (every substitution already quoted
/// for the shell, and reviewed as part of the plan) with the operation's shell, <c>-c</c>, in a process group of its
/// own, with no standard input. Exit code 0 succeeds. Its output (stdout and stderr, cut to a limit, secrets masked)
/// goes to the journal. When the attempt's token ends (its timeout, or the operator's second Ctrl-C) the whole group
/// is killed.
/// </summary>
public sealed class ShellDriver(ResolvedPlan plan, TimeProvider time) : IStepDriver
{
    /// <summary>How much of a command's output the journal keeps.</summary>
    public const int OutputLimit = 4096;

    public bool Handles(string uses, string action) => uses == "shell.run" && action == ShellRunKind.RunAction;

    public async Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var command = call.Step.Detail ?? throw new ArgumentException($"step {call.Step.Id} has no rendered command", nameof(call));
        var shell = plan.OperationAt(call.Step.Operation)?.Settings.FirstOrDefault(s => s.Name == "shell")?.Value ?? "/bin/sh";
        using var process = Start(shell, command);
        var output = new BoundedOutput(OutputLimit);
        process.OutputDataReceived += (_, e) => Collect(output, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = time.GetTimestamp();
        await call.Submitted($"started pid {process.Id.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Said as a result, not thrown: the command is known to have ended (killed here), so a retry runs it afresh
            // rather than observing an outcome nobody saw.
            KillGroup(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return AttemptResult.Failure("killed with its process group: the attempt timed out or was cancelled");
        }

        var elapsed = time.GetElapsedTime(started);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (SecretMask.Apply(output.ToString()) is { Length: > 0 } text)
        {
            facts["output"] = text;
        }

        var summary = $"exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)} after {Planner.Documents.DurationText.Format(TimeSpan.FromSeconds(Math.Round(elapsed.TotalSeconds)))}";
        return process.ExitCode == 0
            ? AttemptResult.Success(summary, facts)
            : new AttemptResult(Planner.Scheduling.StepOutcome.Failed, summary, facts);
    }

    /// <summary>
    /// A command interrupted by a kill may or may not have done its work, and mplan cannot tell: it is run again only
    /// when it never started; otherwise the operator decides (the step fails with what is known).
    /// </summary>
    public Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken) =>
        Task.FromResult<AttemptResult?>(submitted
            ? AttemptResult.Failure("the command was running when apply was interrupted; its outcome is unknown. Check it, then run the step again with a new apply if needed")
            : null);

    private static Process Start(string shell, string command)
    {
        var info = new ProcessStartInfo
        {
            FileName = ProcessGroup.Setsid ?? shell,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ProcessGroup.Setsid is not null)
        {
            info.ArgumentList.Add(shell);
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{shell} did not start");
        process.StandardInput.Close(); // Never the operator's terminal.
        return process;
    }

    private static void Collect(BoundedOutput output, string? line)
    {
        if (line is not null)
        {
            output.Append(line);
        }
    }

    private static void KillGroup(Process process)
    {
        try
        {
            if (!ProcessGroup.Kill(process.Id))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
    }
}
