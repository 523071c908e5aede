using System.Globalization;
using System.Text.RegularExpressions;

namespace Executor.Kubernetes;

/// <summary>
/// The statistics Rockoon's <c>octavia-loadbalancers-failover</c> Job logs at its end (CONTRACTS §2.3): a DEBUG
/// "Detailed statistics:" block (a YAML mapping of result → LB ids, keys sorted) and an INFO line of counters in enum
/// order, not newline-separated. The last block of the log wins (kopf may have re-run the Job).
/// </summary>
public sealed partial record FailoverJobStatistics(IReadOnlyDictionary<string, string> ResultByLoadBalancer, IReadOnlyDictionary<string, int> Counts)
{
    /// <summary>The Job's results, in Rockoon's order.</summary>
    public static readonly IReadOnlyList<string> Results = ["SUCCESS", "FAILED", "RECOVERY_FAILED", "SKIPPED", "CANCELLED"];

    /// <summary>True when the log had the counters line (the Job reached its end).</summary>
    public bool Complete => Counts.Count > 0;

    /// <summary>The statistic line as Rockoon prints it, e.g. <c>SUCCESS: 1  FAILED: 0 ...</c>.</summary>
    public string CountsLine => string.Join("  ", Results.Select(r => $"{r}: {Counts.GetValueOrDefault(r).ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Reads the last statistics block of a Job pod's log.</summary>
    /// <param name="log">The container's log.</param>
    public static FailoverJobStatistics Parse(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var lines = log.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        var detailStart = Array.FindLastIndex(lines, l => l.EndsWith("Detailed statistics:", StringComparison.Ordinal));
        if (detailStart >= 0)
        {
            string? current = null;
            for (var i = detailStart + 1; i < lines.Length && !Timestamped().IsMatch(lines[i]); i++)
            {
                var line = lines[i];
                if (KeyLine().Match(line) is { Success: true } key)
                {
                    current = Results.Contains(key.Groups[1].Value) ? key.Groups[1].Value : null;
                }
                else if (current is not null && line.StartsWith("- ", StringComparison.Ordinal))
                {
                    results[line[2..].Trim()] = current;
                }
            }
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var countsLine = Array.FindLastIndex(lines, l => l.EndsWith("General statistic for loadbalancer failover:", StringComparison.Ordinal));
        if (countsLine >= 0 && countsLine + 1 < lines.Length)
        {
            foreach (Match match in Counter().Matches(lines[countsLine + 1]))
            {
                counts[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return new FailoverJobStatistics(results, counts);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} ")]
    private static partial Regex Timestamped();

    [GeneratedRegex(@"^([A-Z_]+):( \[\])?$")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"\b(SUCCESS|FAILED|RECOVERY_FAILED|SKIPPED|CANCELLED): (\d+)")]
    private static partial Regex Counter();
}
