using System.Text.Json;
using k8s;
using k8s.Autorest;
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
    private readonly Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, string? Version)>> _watch;

    private WatchedList(string key, Func<CancellationToken, Task<string?>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, string?)>> watch)
    {
        Key = key;
        _list = list;
        _watch = watch;
    }

    /// <summary>The list's identity, e.g. <c>mosk batch/jobs ns=openstack field=metadata.name=x</c>.</summary>
    public string Key { get; }

    /// <summary>Lists (one item is enough) and returns the list's resourceVersion, where a watch starts.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<string?> ListVersionAsync(CancellationToken cancellationToken) => _list(cancellationToken);

    /// <summary>The watch's events from <paramref name="version"/> on (bookmarks allowed): each one's type and resourceVersion.</summary>
    /// <param name="version">Where to resume.</param>
    /// <param name="onError">Told of ERROR events (a <see cref="KubernetesException"/> with the Status) and bad lines.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public IAsyncEnumerable<(WatchEventType Type, string? Version)> WatchAsync(string version, Action<Exception> onError, CancellationToken cancellationToken) =>
        _watch(version, onError, cancellationToken);

    /// <summary>Custom objects of one plural, in a namespace or cluster-wide.</summary>
    public static WatchedList Custom(IKubernetes client, string cluster, string group, string version, string plural, string? ns,
        string? fieldSelector = null, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Task<HttpOperationResponse<JsonElement>> Call(string? resourceVersion, bool watch, CancellationToken token) => ns is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<JsonElement>(group, version, plural, allowWatchBookmarks: watch ? true : null,
                fieldSelector: fieldSelector, labelSelector: labelSelector, limit: watch ? null : 1, resourceVersion: resourceVersion,
                timeoutSeconds: watch ? WatchSeconds : null, watch: watch ? true : null, cancellationToken: token)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(group, version, ns, plural, allowWatchBookmarks: watch ? true : null,
                fieldSelector: fieldSelector, labelSelector: labelSelector, limit: watch ? null : 1, resourceVersion: resourceVersion,
                timeoutSeconds: watch ? WatchSeconds : null, watch: watch ? true : null, cancellationToken: token);
        return Of<JsonElement, JsonElement>(KeyOf(cluster, $"{group}/{plural}", ns, fieldSelector, labelSelector), Call,
            list => list.Text("metadata", "resourceVersion"), item => item.Text("metadata", "resourceVersion"));
    }

    /// <summary>Jobs of a namespace.</summary>
    public static WatchedList Jobs(IKubernetes client, string cluster, string ns, string? fieldSelector) =>
        Of<V1Job, V1JobList>(KeyOf(cluster, "batch/jobs", ns, fieldSelector, null),
            (rv, watch, token) => client.BatchV1.ListNamespacedJobWithHttpMessagesAsync(ns, allowWatchBookmarks: watch ? true : null, fieldSelector: fieldSelector,
                limit: watch ? null : 1, resourceVersion: rv, timeoutSeconds: watch ? WatchSeconds : null, watch: watch ? true : null, cancellationToken: token),
            list => list.Metadata?.ResourceVersion, item => item.Metadata?.ResourceVersion);

    /// <summary>Pods of a namespace.</summary>
    public static WatchedList Pods(IKubernetes client, string cluster, string ns, string? fieldSelector) =>
        Of<V1Pod, V1PodList>(KeyOf(cluster, "pods", ns, fieldSelector, null),
            (rv, watch, token) => client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns, allowWatchBookmarks: watch ? true : null, fieldSelector: fieldSelector,
                limit: watch ? null : 1, resourceVersion: rv, timeoutSeconds: watch ? WatchSeconds : null, watch: watch ? true : null, cancellationToken: token),
            list => list.Metadata?.ResourceVersion, item => item.Metadata?.ResourceVersion);

    /// <summary>DaemonSets of a namespace.</summary>
    public static WatchedList DaemonSets(IKubernetes client, string cluster, string ns, string? fieldSelector) =>
        Of<V1DaemonSet, V1DaemonSetList>(KeyOf(cluster, "apps/daemonsets", ns, fieldSelector, null),
            (rv, watch, token) => client.AppsV1.ListNamespacedDaemonSetWithHttpMessagesAsync(ns, allowWatchBookmarks: watch ? true : null, fieldSelector: fieldSelector,
                limit: watch ? null : 1, resourceVersion: rv, timeoutSeconds: watch ? WatchSeconds : null, watch: watch ? true : null, cancellationToken: token),
            list => list.Metadata?.ResourceVersion, item => item.Metadata?.ResourceVersion);

    private static string KeyOf(string cluster, string resource, string? ns, string? fieldSelector, string? labelSelector) =>
        $"{cluster} {resource} ns={ns ?? "*"} field={fieldSelector} label={labelSelector}";

    private static WatchedList Of<TItem, TList>(string key, Func<string?, bool, CancellationToken, Task<HttpOperationResponse<TList>>> call,
        Func<TList, string?> listVersion, Func<TItem, string?> itemVersion)
    {
        async Task<string?> ListAsync(CancellationToken token)
        {
            using var response = await call(null, false, token);
            return listVersion(response.Body);
        }

        async IAsyncEnumerable<(WatchEventType, string?)> WatchAsync(string version, Action<Exception> onError,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
        {
            // KubernetesClient marks the generic watch obsolete in favour of per-kind helpers it generates for some kinds only.
#pragma warning disable CS0618
            await foreach (var (type, item) in call(version, true, token).WatchAsync<TItem, TList>(onError, token))
#pragma warning restore CS0618
            {
                yield return (type, itemVersion(item));
            }
        }

        return new WatchedList(key, ListAsync, WatchAsync);
    }
}
