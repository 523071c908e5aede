using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Simulator.Fakes.Kubernetes;

namespace Cli.Tests.Kubernetes;

/// <summary>The watch protocol as KubernetesClient follows it: resume, initial burst, bookmarks, timeouts and both kinds of 410.</summary>
public sealed class FakeKubernetesWatchTests
{
    private static readonly FakeKubernetesOptions Quiet = new() { Actors = false };

    [Fact]
    public async Task A_watch_from_the_list_version_sees_only_later_changes()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var list = await lab.Client.CoreV1.ListNodeAsync();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"seen":"yes"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");

        var events = await CollectAsync(lab.Client.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, resourceVersion: list.ResourceVersion(), timeoutSeconds: 1));

        var (type, node) = Assert.Single(events);
        Assert.Equal(WatchEventType.Modified, type);
        Assert.Equal("yes", node.Labels()["seen"]);
    }

    [Fact]
    public async Task A_watch_without_a_version_starts_with_an_ADDED_event_per_object_and_ends_at_its_timeout()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var events = await CollectAsync(lab.Client.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, timeoutSeconds: 1));

        Assert.Equal(15, events.Count);
        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
    }

    [Fact]
    public async Task A_field_selector_watch_on_one_lock_sees_its_status_change()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var version = lab.Mosk.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lab.Mosk.Update(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-02", o => o["status"]!["state"] = "inactive");
        lab.Mosk.Update(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-01", o => o["status"]!["state"] = "inactive");

        var events = await CollectAsync(lab.Client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync(ResourceTypes.Lcm, "v1alpha1", "nodeworkloadlocks",
            fieldSelector: "metadata.name=openstack-cmp-01", resourceVersion: version, watch: true, timeoutSeconds: 1));

        var (type, lockObject) = Assert.Single(events);
        Assert.Equal(WatchEventType.Modified, type);
        Assert.Contains("\"inactive\"", System.Text.Json.JsonSerializer.Serialize(lockObject), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bookmarks_come_when_allowed_and_carry_a_version_to_resume_from()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        lab.Fake.Mosk.BookmarkInterval = TimeSpan.FromMilliseconds(200);
        var version = lab.Mosk.ResourceVersion;
        lab.Mosk.Update(ResourceTypes.Namespaces, null, "default", o => o["metadata"]!["labels"]!["x"] = "1");

        var events = await CollectAsync(lab.Client.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, allowWatchBookmarks: true,
            resourceVersion: version.ToString(System.Globalization.CultureInfo.InvariantCulture), timeoutSeconds: 1));

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(WatchEventType.Bookmark, e.Type));
        Assert.Equal(lab.Mosk.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), events[^1].Object.ResourceVersion());
    }

    [Fact]
    public async Task An_expired_history_is_an_ERROR_event_with_a_410_Status_inside_a_200_stream()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var list = await lab.Client.CoreV1.ListNodeAsync();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"a":"1"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");
        lab.Mosk.ExpireHistory();

        var errors = new List<Exception>();
        var events = await CollectAsync(lab.Client.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, resourceVersion: list.ResourceVersion(), timeoutSeconds: 1), errors.Add);

        Assert.Empty(events);
        var error = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.StartsWith($"too old resource version: {list.ResourceVersion()} (", error.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_watch_ends_with_a_410_ERROR_event_when_the_history_expires_under_it()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var list = await lab.Client.CoreV1.ListNodeAsync();
        var errors = new List<Exception>();
        var watching = CollectAsync(lab.Client.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, resourceVersion: list.ResourceVersion(), timeoutSeconds: 30), errors.Add);
        await Task.Delay(300);

        lab.Mosk.ExpireHistory();
        await watching.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(410, Assert.IsType<KubernetesException>(Assert.Single(errors)).Status.Code);
    }

    [Fact]
    public async Task An_expired_history_can_be_answered_with_HTTP_410_instead()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var list = await lab.Client.CoreV1.ListNodeAsync();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"a":"1"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");
        lab.Mosk.ExpireHistory();
        lab.Mosk.ExpiredWatchAnswer = ExpiredWatchAnswer.HttpGone;

        var refused = await Assert.ThrowsAsync<HttpOperationException>(
            () => lab.Client.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, resourceVersion: list.ResourceVersion(), timeoutSeconds: 1));
        var relisted = await lab.Client.CoreV1.ListNodeAsync();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"a":"2"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");
        // (A watch that times out with no event at all makes KubernetesClient throw EndOfStreamException while it peeks
        // the first line: real servers do that too, so a driver must treat it as "reconnect".)
        var resumed = await CollectAsync(lab.Client.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, resourceVersion: relisted.ResourceVersion(), timeoutSeconds: 1));

        Assert.Equal(HttpStatusCode.Gone, refused.Response.StatusCode);
        Assert.Contains("\"code\":410", refused.Response.Content, StringComparison.Ordinal);
        Assert.Equal("2", Assert.Single(resumed).Object.Labels()["a"]);
    }

    [Fact]
    public async Task A_label_change_that_leaves_the_selector_is_seen_as_DELETED()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var version = lab.Mosk.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lab.Mosk.Update(ResourceTypes.Nodes, null, "cmp-05", o => o["metadata"]!["labels"]!.AsObject().Remove("openstack-compute-node"));

        var events = await CollectAsync(lab.Client.CoreV1.ListNodeWithHttpMessagesAsync(watch: true, labelSelector: "openstack-compute-node=enabled",
            resourceVersion: version, timeoutSeconds: 1));

        var (type, node) = Assert.Single(events);
        Assert.Equal(WatchEventType.Deleted, type);
        Assert.Equal("cmp-05", node.Name());
    }

    private static async Task<List<(WatchEventType Type, T Object)>> CollectAsync<T>(Task<HttpOperationResponse<T>> request, Action<Exception>? onError = null)
        => await CollectAsync<T, T>(request, onError);

    private static async Task<List<(WatchEventType Type, TItem Object)>> CollectAsync<TItem, TList>(Task<HttpOperationResponse<TList>> request, Action<Exception>? onError)
    {
        var events = new List<(WatchEventType, TItem)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        // The generic watch over any list call; KubernetesClient marks it obsolete in favour of per-kind helpers it
        // generates only for custom objects.
#pragma warning disable CS0618
        await foreach (var (type, item) in request.WatchAsync<TItem, TList>(onError, timeout.Token))
#pragma warning restore CS0618
        {
            events.Add((type, item));
        }

        return events;
    }

    private static async Task<List<(WatchEventType Type, V1Node Object)>> CollectAsync(Task<HttpOperationResponse<V1NodeList>> request, Action<Exception>? onError = null)
        => await CollectAsync<V1Node, V1NodeList>(request, onError);
}
