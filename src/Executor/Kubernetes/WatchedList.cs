using System.Text.Json;
using k8s;
using k8s.Models;

namespace Executor.Kubernetes;

/// <summary>
/// One list a driver's wait follows (a kind, its namespace and selectors): how to list it for a resourceVersion and how
/// to watch it from one. <see cref="Key"/> names it, so that every step waiting on the same list shares one watch.
/// </summary>
public sealed class WatchedList
{
    // A real API server ends a watch after its own timeout anyway; asking for one keeps reconnections regular.
    private const int WatchSeconds = 300;

    private readonly Func<CancellationToken, Task<string?>> _list;
    private readonly KubeClient _client;
    private readonly string _path;
    private readonly (string? Field, string? Label) _selectors;

    private WatchedList(string key, Func<CancellationToken, Task<string?>> list, KubeClient client, string path, (string? Field, string? Label) selectors)
    {
        Key = key;
        _list = list;
        _client = client;
        _path = path;
        _selectors = selectors;
    }

    /// <summary>The list's identity, e.g. <c>mosk batch/jobs ns=openstack field=metadata.name=x</c>.</summary>
    public string Key { get; }

    /// <summary>Lists (one item is enough) and returns the list's resourceVersion, where a watch starts.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<string?> ListVersionAsync(CancellationToken cancellationToken) => _list(cancellationToken);

    /// <summary>The watch's events from <paramref name="version"/> on, bookmarks and ERROR events included.</summary>
    /// <param name="version">Where to resume.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public IAsyncEnumerable<KubeWatchEvent> WatchAsync(string version, CancellationToken cancellationToken) =>
        _client.WatchAsync(_path, version, _selectors, WatchSeconds, cancellationToken);

    /// <summary>Custom objects of one plural, in a namespace or cluster-wide.</summary>
    public static WatchedList Custom(KubeClient client, string cluster, string group, string version, string plural, string? ns,
        string? fieldSelector = null, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        async Task<string?> ListAsync(CancellationToken token)
        {
            var list = ns is null
                ? await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(group, version, plural, fieldSelector: fieldSelector,
                    labelSelector: labelSelector, limit: 1, cancellationToken: token)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(group, version, ns, plural, fieldSelector: fieldSelector,
                    labelSelector: labelSelector, limit: 1, cancellationToken: token);
            return list.Text("metadata", "resourceVersion");
        }

        var path = ns is null ? $"apis/{group}/{version}/{plural}" : $"apis/{group}/{version}/namespaces/{Uri.EscapeDataString(ns)}/{plural}";
        return new WatchedList(KeyOf(cluster, $"{group}/{plural}", ns, fieldSelector, labelSelector), ListAsync, client, path, (fieldSelector, labelSelector));
    }

    /// <summary>Jobs of a namespace.</summary>
    public static WatchedList Jobs(KubeClient client, string cluster, string ns, string? fieldSelector) =>
        Namespaced(client, cluster, "apis/batch/v1", "jobs", "batch/jobs", ns, fieldSelector,
            async token => await client.BatchV1.ListNamespacedJobAsync(ns, fieldSelector: fieldSelector, limit: 1, cancellationToken: token));

    /// <summary>Pods of a namespace.</summary>
    public static WatchedList Pods(KubeClient client, string cluster, string ns, string? fieldSelector) =>
        Namespaced(client, cluster, "api/v1", "pods", "pods", ns, fieldSelector,
            async token => await client.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: fieldSelector, limit: 1, cancellationToken: token));

    /// <summary>DaemonSets of a namespace.</summary>
    public static WatchedList DaemonSets(KubeClient client, string cluster, string ns, string? fieldSelector) =>
        Namespaced(client, cluster, "apis/apps/v1", "daemonsets", "apps/daemonsets", ns, fieldSelector,
            async token => await client.AppsV1.ListNamespacedDaemonSetAsync(ns, fieldSelector: fieldSelector, limit: 1, cancellationToken: token));

    // A typed kind of a namespace: listed with the library's typed call, watched at api/group path + namespace + plural.
    private static WatchedList Namespaced(KubeClient client, string cluster, string apiPath, string plural, string resource, string ns,
        string? fieldSelector, Func<CancellationToken, Task<IMetadata<V1ListMeta>>> list)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new WatchedList(KeyOf(cluster, resource, ns, fieldSelector, null), async token => (await list(token)).Metadata?.ResourceVersion,
            client, $"{apiPath}/namespaces/{Uri.EscapeDataString(ns)}/{plural}", (fieldSelector, null));
    }

    private static string KeyOf(string cluster, string resource, string? ns, string? fieldSelector, string? labelSelector) =>
        $"{cluster} {resource} ns={ns ?? "*"} field={fieldSelector} label={labelSelector}";
}
