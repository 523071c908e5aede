using System.Collections.Concurrent;
using System.Text;
using k8s;
using k8s.Models;

namespace Executor.Kubernetes;

/// <summary>
/// Rockoon's <c>octavia-loadbalancers-failover</c> Job, followed read-only: mplan never fails an LB over itself while
/// the Job does. Its end is a <c>Complete</c> (or <c>Ready</c>) condition; a <c>Failed</c> one means it crashed, and
/// kopf then generates another CA and runs the whole failover again with a new Job. The statistics come from the
/// pod's log, once per Job, shared by every LB step.
/// </summary>
public sealed class FailoverJob(KubeClient client, string ns)
{
    public const string Name = "octavia-loadbalancers-failover";
    public const string Container = "octavia-loadbalancers-failover";
    public const string StateConfigMap = "octavia-loadbalancers-failover-state";
    private const string PodSelector = "application=octavia,component=lb_failover";

    private readonly ConcurrentDictionary<string, Lazy<Task<FailoverJobStatistics>>> _statistics = new(StringComparer.Ordinal);

    /// <summary>The Job, watched by name (a purge and re-creation shows as DELETED and ADDED).</summary>
    public WatchedList List => WatchedList.Jobs(client, "mosk", ns, $"metadata.name={Name}");

    /// <summary>The Job, or null while it does not exist (purged, not re-created yet).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<V1Job?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await KubeApiException.Wrap($"jobs/{Name} (namespace {ns})", () => client.BatchV1.ReadNamespacedJobAsync(Name, ns, cancellationToken: cancellationToken));
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Complete (or Ready), Failed, or null while it runs — the conditions Rockoon's <c>wait_completed</c> reads.</summary>
    /// <param name="job">The Job.</param>
    public static string? Condition(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var conditions = job.Status?.Conditions ?? [];
        bool Has(string type) => conditions.Any(c => c.Type == type && c.Status == "True");
        return Has("Complete") || Has("Ready") ? "Complete" : Has("Failed") ? "Failed" : null;
    }

    /// <summary>The statistics of a finished Job, read once per Job from its pod's log.</summary>
    /// <param name="job">The finished Job.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<FailoverJobStatistics> StatisticsAsync(V1Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var lazy = _statistics.GetOrAdd(job.Metadata.Uid ?? "", _ => new Lazy<Task<FailoverJobStatistics>>(() => ReadStatisticsAsync(job, CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            _statistics.TryRemove(job.Metadata.Uid ?? "", out _); // A failed read is tried again by the next step.
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>The LB ids the Job's ConfigMap lists as failed (<c>data.failed_loadbalancers</c>, a YAML list).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<string>> FailedListAsync(CancellationToken cancellationToken)
    {
        try
        {
            var map = await KubeApiException.Wrap($"configmaps/{StateConfigMap} (namespace {ns})",
                () => client.CoreV1.ReadNamespacedConfigMapAsync(StateConfigMap, ns, cancellationToken: cancellationToken));
            var text = map.Data is { } data && data.TryGetValue("failed_loadbalancers", out var list) ? list : "";
            return [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..].Trim().Trim('\'', '"'))];
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return [];
        }
    }

    private async Task<FailoverJobStatistics> ReadStatisticsAsync(V1Job job, CancellationToken cancellationToken)
    {
        var pods = await KubeApiException.Wrap($"pods -l {PodSelector} (namespace {ns})",
            () => client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: PodSelector, cancellationToken: cancellationToken));
        var ofJob = pods.Items.Where(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == job.Metadata.Uid) ?? true).ToList();
        var log = new StringBuilder();
        foreach (var pod in ofJob.OrderBy(p => p.Metadata.CreationTimestamp))
        {
            await using var stream = await KubeApiException.Wrap($"pods/{pod.Metadata.Name}/log (namespace {ns})",
                () => client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, ns, container: Container, cancellationToken: cancellationToken));
            using var reader = new StreamReader(stream, Encoding.UTF8);
            log.Append(await reader.ReadToEndAsync(cancellationToken)).Append('\n');
        }

        return FailoverJobStatistics.Parse(log.ToString());
    }
}
