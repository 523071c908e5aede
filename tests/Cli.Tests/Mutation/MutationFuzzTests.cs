using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cli.Tests.Mutation;

/// <summary>
/// Bad input never crashes: seeded mutants of the example plans and cluster files (<see cref="MutantFactory"/>) go
/// through validate, plan and simulate, and each must end in 0, 1 or 2 with located diagnostics (<see cref="StderrRules"/>).
/// MPLAN_MUTANTS sets how many (2,000 in CI), MPLAN_MUTATION_SEED the seed, MPLAN_MUTANT runs one mutant alone (to
/// reproduce a failure), MPLAN_MUTATION_DEBUG=1 adds the stack trace of each crash, and MPLAN_MUTATION_REPORT writes
/// the counts and every kind of failure to a file (bench/mutation-fuzz.sh).
/// </summary>
public sealed partial class MutationFuzzTests
{
    private const int DefaultMutants = 2000;
    private const int DefaultSeed = 20261205;
    private const int ShownFailures = 30;

    [Fact]
    public async Task Mutants_OfTheExamples_NeverCrash()
    {
        // Given
        var seed = Setting("MPLAN_MUTATION_SEED") ?? DefaultSeed;
        var factory = new MutantFactory(ExampleInputs.Load(), seed);
        var indexes = Setting("MPLAN_MUTANT") is { } one ? [one] : Enumerable.Range(0, Setting("MPLAN_MUTANTS") ?? DefaultMutants).ToArray();
        var failures = new List<(Mutant Mutant, List<string> Problems)>();
        var alone = new StringBuilder();
        var byMutator = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var exits = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var debug = Setting("MPLAN_MUTATION_DEBUG") == 1;
        var started = Stopwatch.GetTimestamp();

        // When
        foreach (var index in indexes)
        {
            var mutant = factory.Create(index);
            alone.Append(indexes.Length == 1 ? $"mutant {mutant} -> plan {mutant.Plan}\n" : "");
            foreach (var mutator in mutant.Mutator.Split('+'))
            {
                byMutator[mutator] = byMutator.GetValueOrDefault(mutator) + 1;
            }

            var outcome = await MutantRunner.RunAsync(mutant, debug);
            for (var i = 0; i < outcome.Exits.Length; i++)
            {
                var key = $"{MutantRunner.Commands[i]} {outcome.Exits[i]}";
                exits[key] = exits.GetValueOrDefault(key) + 1;
            }

            if (outcome.Problems.Count > 0)
            {
                failures.Add((mutant, outcome.Problems));
            }
        }

        // Then
        var report = alone + Report(seed, indexes.Length, Stopwatch.GetElapsedTime(started), byMutator, exits, failures, int.MaxValue);
        if (Environment.GetEnvironmentVariable("MPLAN_MUTATION_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, report);
        }

        Assert.True(failures.Count == 0, Report(seed, indexes.Length, Stopwatch.GetElapsedTime(started), byMutator, exits, failures, ShownFailures));
    }

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    // The failures grouped by what went wrong (numbers and quoted values aside), each kind with its first mutant.
    private static string Report(int seed, int count, TimeSpan elapsed, SortedDictionary<string, int> byMutator, SortedDictionary<string, int> exits,
        List<(Mutant Mutant, List<string> Problems)> failures, int shown)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{failures.Count} of {count} mutants failed (seed {seed}, {elapsed.TotalSeconds:0.0}s)\n");
        text.Append("exit codes: ").AppendJoin(", ", exits.Select(e => $"{e.Key}: {e.Value}")).Append('\n');
        text.Append("mutators: ").AppendJoin(", ", byMutator.Select(m => $"{m.Key} {m.Value}")).Append('\n');
        var kinds = failures
            .SelectMany(f => f.Problems.Select(p => (f.Mutant, Problem: p)))
            .GroupBy(f => Kind(f.Problem))
            .OrderByDescending(g => g.Count())
            .ToList();
        text.Append(CultureInfo.InvariantCulture, $"{kinds.Count} kinds of failure\n");
        foreach (var kind in kinds.Take(shown))
        {
            var (mutant, problem) = kind.First();
            text.Append(CultureInfo.InvariantCulture, $"- {kind.Count()}x {problem}\n    first: mutant {mutant} -> plan {mutant.Plan}\n");
            text.Append(CultureInfo.InvariantCulture, $"    reproduce: MPLAN_MUTATION_SEED={seed} MPLAN_MUTANT={mutant.Index}\n");
        }

        if (kinds.Count > shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"... and {kinds.Count - shown} more kinds\n");
        }

        return text.ToString();
    }

    // What went wrong, whichever command it was (the three often fail alike) and whatever the values.
    private static string Kind(string problem) =>
        Variable().Replace(problem.Split('\n')[0][(problem.IndexOf(": ", StringComparison.Ordinal) + 2)..], "_");

    [GeneratedRegex(@"'[^']*'|""[^""]*""|[0-9]+|plans/\S+", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
