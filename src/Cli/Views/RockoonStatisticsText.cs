using System.Globalization;
using Planner.Reports;

namespace Cli.Views;

/// <summary>
/// Rockoon's failover job summary, worded and ordered as the job logs it: the INFO line with the counts in its status
/// enum order, then at DEBUG the id lists as PyYAML dumps them (keys sorted, block style, empty lists as <c>[]</c>).
/// For <c>simulate</c> now and <c>apply</c> later.
/// </summary>
internal static class RockoonStatisticsText
{
    /// <summary>Lists longer than this are cut, with a YAML comment saying how many more (the JSON output has them all).</summary>
    public const int MaxListed = 50;

    public static void Write(TextWriter writer, FailoverStatistics statistics, DateTimeOffset at, int maxListed = MaxListed)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var c = statistics.Counts;
        writer.WriteLine($"{stamp} INFO General statistic for loadbalancer failover:");
        writer.WriteLine($"  SUCCESS: {c.Success}  FAILED: {c.Failed}  RECOVERY_FAILED: {c.RecoveryFailed}  SKIPPED: {c.Skipped}  CANCELLED: {c.Cancelled}");
        writer.WriteLine($"{stamp} DEBUG Detailed statistics:");
        foreach (var (name, ids) in new[]
                 {
                     ("CANCELLED", statistics.Cancelled), ("FAILED", statistics.Failed), ("RECOVERY_FAILED", statistics.RecoveryFailed),
                     ("SKIPPED", statistics.Skipped), ("SUCCESS", statistics.Success),
                 })
        {
            if (ids.IsEmpty)
            {
                writer.WriteLine($"{name}: []");
                continue;
            }

            writer.WriteLine($"{name}:");
            foreach (var id in ids.Take(maxListed))
            {
                writer.WriteLine($"- {id}");
            }

            if (ids.Length > maxListed)
            {
                writer.WriteLine($"# ... and {Fmt.Count(ids.Length - maxListed)} more (see --format json)");
            }
        }
    }
}
