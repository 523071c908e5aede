using System.Text.RegularExpressions;

namespace Cli.Tests.Mutation;

/// <summary>
/// What mplan may print on stderr for bad input, and what it must not: every diagnostic is
/// <c>file:line:col: error|warning CODE: message</c> (only whole-file conditions, an empty or oversized file, may name
/// the file alone), followed by indented hints and a count; no internal error, no stack trace, no other line, no
/// control characters, no line over a thousand characters. An exit of 1 says why with at least one error; an exit of 0 has none.
/// </summary>
internal static partial class StderrRules
{
    // Conditions of the file as a whole, with no position to point at: empty (or only comments), too large.
    private static readonly string[] WholeFileCodes = ["MP001", "MP003"];

    public const string Crashed = "crashed: ";

    // Messages quote values and paths from the input; a 50,000-character value must not come back whole.
    private const int MaxLine = 1000;

    /// <summary>Every broken rule, one sentence each; empty when the output is acceptable.</summary>
    public static List<string> Check(int exitCode, string error)
    {
        var problems = new List<string>();
        if (exitCode is not (0 or 1 or 2))
        {
            problems.Add($"exit code {exitCode}");
        }

        var errors = 0;
        foreach (var line in error.Split('\n').Where(l => l.Length > 0))
        {
            if (Problem(line, ref errors) is { } problem)
            {
                problems.Add(problem);
                if (problem.StartsWith(Crashed, StringComparison.Ordinal))
                {
                    return problems; // what follows is the stack trace (--debug)
                }
            }
        }

        if (exitCode == 1 && errors == 0)
        {
            problems.Add("exit code 1 without an error diagnostic");
        }
        else if (exitCode != 1 && errors > 0)
        {
            problems.Add($"exit code {exitCode} with {errors} error diagnostic(s)");
        }

        return problems;
    }

    private static string? Problem(string line, ref int errors)
    {
        if (line.StartsWith("mplan: internal error", StringComparison.Ordinal) || line.StartsWith("Unhandled exception", StringComparison.Ordinal))
        {
            return $"{Crashed}{Short(line)}";
        }

        if (line.Length > MaxLine)
        {
            return $"a stderr line of {line.Length} characters (a value quoted whole?): {Short(line)}";
        }

        if (line.Any(c => char.IsControl(c) && c != '\t'))
        {
            return $"control character in stderr: {Short(OddValues.Show(line))}";
        }

        if (Located().Match(line) is { Success: true } located)
        {
            errors += located.Groups["severity"].Value == "error" ? 1 : 0;
            return null;
        }

        if (FileOnly().Match(line) is { Success: true } fileOnly)
        {
            errors += fileOnly.Groups["severity"].Value == "error" ? 1 : 0;
            return WholeFileCodes.Contains(fileOnly.Groups["code"].Value) ? null : $"diagnostic without line:col: {Short(line)}";
        }

        return Hint().IsMatch(line) || Count().IsMatch(line) ? null : $"unexpected stderr line: {Short(line)}";
    }

    private static string Short(string line) => line.Length > 300 ? line[..300] + "…" : line;

    [GeneratedRegex(@"^\S.*:[1-9][0-9]*:[1-9][0-9]*: (?<severity>error|warning) MP[0-9]{3}: \S", RegexOptions.CultureInvariant)]
    private static partial Regex Located();

    [GeneratedRegex(@"^\S.*: (?<severity>error|warning) (?<code>MP[0-9]{3}): \S", RegexOptions.CultureInvariant)]
    private static partial Regex FileOnly();

    [GeneratedRegex(@"^  hint: \S", RegexOptions.CultureInvariant)]
    private static partial Regex Hint();

    [GeneratedRegex(@"^[0-9]+ errors?(, [0-9]+ warnings?)?\.$", RegexOptions.CultureInvariant)]
    private static partial Regex Count();
}
