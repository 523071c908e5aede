using System.Globalization;
using System.Text;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>
/// The failover Job's per-LB results and the log text its script writes (CONTRACTS §2.3): Python logging's
/// <c>%(asctime)s %(levelname)s %(message)s</c>, a <c>yaml.dump</c> of the id lists (keys sorted) at DEBUG, and the
/// counters on one line, in enum order, at INFO.
/// </summary>
internal sealed class FailoverStatistics
{
    /// <summary>The script's LBFailoverStatus, in enum order.</summary>
    public static readonly string[] Statuses = ["SUCCESS", "FAILED", "RECOVERY_FAILED", "SKIPPED", "CANCELLED"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<string>> _results = Statuses.ToDictionary(s => s, _ => new List<string>(), StringComparer.Ordinal);

    public void Add(string status, string loadBalancerId)
    {
        lock (_gate)
        {
            _results[status].Add(loadBalancerId);
        }
    }

    public IReadOnlyList<string> Of(string status)
    {
        lock (_gate)
        {
            return [.. _results[status]];
        }
    }

    public static string Line(DateTimeOffset at, string level, string message) =>
        $"{at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} {level} {message}\n";

    /// <summary>The DEBUG and INFO records that end the Job's log.</summary>
    /// <param name="at">When they are written.</param>
    public string Render(DateTimeOffset at)
    {
        lock (_gate)
        {
            var yaml = new StringBuilder();
            foreach (var status in Statuses.Order(StringComparer.Ordinal))
            {
                yaml.Append(YamlList(status, _results[status]));
            }

            var counters = string.Concat(Statuses.Select(s => $"  {s}: {_results[s].Count.ToString(CultureInfo.InvariantCulture)}"));
            return Line(at, "DEBUG", "Detailed statistics:\n" + yaml)
                + Line(at, "INFO", "General statistic for loadbalancer failover:\n" + counters);
        }
    }

    /// <summary>PyYAML's block style for one key: <c>KEY: []</c> when empty, else one <c>- item</c> line each.</summary>
    /// <param name="key">The key; null for a bare list (the ConfigMap's value).</param>
    /// <param name="items">The ids.</param>
    public static string YamlList(string? key, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return key is null ? "[]\n" : $"{key}: []\n";
        }

        var text = new StringBuilder();
        if (key is not null)
        {
            text.Append(key).Append(":\n");
        }

        foreach (var item in items)
        {
            text.Append("- ").Append(item).Append('\n');
        }

        return text.ToString();
    }
}
