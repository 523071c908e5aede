using System.Diagnostics;
using Tests.Shared;

namespace Cli.Tests.Mutation;

/// <summary>
/// Runs <c>validate</c>, <c>plan --trials 3</c> and <c>simulate --trials 3</c> on a mutant in memory (the mutated file over the
/// real file system, so odd paths reach the real file code) and says what went wrong, if anything.
/// </summary>
internal static class MutantRunner
{
    /// <summary>A command slower than this on a small example is a hang, not a slow machine.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>The commands each mutant goes through, in this order.</summary>
    public static readonly string[] Commands = ["validate", "plan", "simulate"];

    /// <param name="mutant">What to run.</param>
    /// <param name="debug">Run with --debug and keep a crash's stack trace in its problem (MPLAN_MUTATION_DEBUG=1).</param>
    public static async Task<MutantOutcome> RunAsync(Mutant mutant, bool debug)
    {
        var problems = new List<string>();
        var exits = new List<int>();
        string[][] commands = [[Commands[0], mutant.Plan], [Commands[1], mutant.Plan, "--trials", "3"], [Commands[2], mutant.Plan, "--trials", "3"]];
        foreach (var args in commands)
        {
            var files = new MemoryFiles(behind: new FileSystemSource()).Add(mutant.Source.Path, mutant.Content);
            var (exit, error) = await RunOneAsync(debug ? [.. args, "--debug"] : args, files);
            exits.Add(exit);
            problems.AddRange(StderrRules.Check(exit, error)
                .Select(p => $"{string.Join(' ', args)}: {p}{(debug && p.StartsWith(StderrRules.Crashed, StringComparison.Ordinal) ? "\n" + error : "")}"));
        }

        return new MutantOutcome(problems, [.. exits]);
    }

    private static async Task<(int Exit, string Error)> RunOneAsync(string[] args, MemoryFiles files)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var started = Stopwatch.GetTimestamp();
        try
        {
            var exit = await Task.Run(() => CliApp.RunAsync(args, output, error, files, CancellationToken.None)).WaitAsync(Timeout);
            return (exit, error.ToString());
        }
        catch (TimeoutException)
        {
            // Reported as a crash; the command goes on in the background, and its output is dropped.
            return (-1, $"mplan: internal error: no answer after {Stopwatch.GetElapsedTime(started).TotalSeconds:0}s (a hang)");
        }
    }
}

/// <summary>What went wrong with a mutant (nothing, mostly), and the exit code of each command, in <see cref="MutantRunner.Commands"/> order.</summary>
internal sealed record MutantOutcome(List<string> Problems, int[] Exits);
