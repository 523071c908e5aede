using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Executor.Kubernetes;
using Simulator.Fakes.Kubernetes;

namespace Cli.Tests.Kubernetes;

/// <summary>The watch protocol as mplan's client follows it: resume, initial burst, bookmarks, timeouts and both kinds of 410.</summary>
public sealed class FakeKubernetesWatchTests
{
    private static readonly FakeKubernetesOptions Quiet = new() { Actors = false };

    [Fact]
    public async Task A_watch_from_the_list_version_sees_only_later_changes()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var list = await lab.Client.CoreV1.ListNodeAsync();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"seen":"yes"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");

        var events = await CollectAsync(lab, Nodes, list.ResourceVersion());

        var change = Assert.Single(events);
        Assert.Equal("MODIFIED", change.Type);
        Assert.Equal("yes", NodeOf(change).Labels()["seen"]);
    }

    [Fact]
    public async Task A_watch_without_a_version_starts_with_an_ADDED_event_per_object_and_ends_at_its_timeout()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var events = await CollectAsync(lab, Nodes, null);

        Assert.Equal(15, events.Count);
        Assert.All(events, e => Assert.Equal("ADDED", e.Type));
    }

    [Fact]
    public async Task A_field_selector_watch_on_one_lock_sees_its_status_change()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var version = lab.Mosk.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lab.Mosk.Update(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-02", o => o["status"]!["state"] = "inactive");
        lab.Mosk.Update(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-01", o => o["status"]!["state"] = "inactive");

        var events = await CollectAsync(lab, $"apis/{ResourceTypes.Lcm}/v1alpha1/nodeworkloadlocks", version, ("metadata.name=openstack-cmp-01", null));

        var change = Assert.Single(events);
        Assert.Equal("MODIFIED", change.Type);
        Assert.Equal("openstack-cmp-01", change.Object.Text("metadata", "name"));
        Assert.Equal("inactive", change.Object.Text("status", "state"));
    }

    [Fact]
    public async Task Bookmarks_come_when_allowed_and_carry_a_version_to_resume_from()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        lab.Fake.Mosk.BookmarkInterval = TimeSpan.FromMilliseconds(200);
        var version = lab.Mosk.ResourceVersion;
        lab.Mosk.Update(ResourceTypes.Namespaces, null, "default", o => o["metadata"]!["labels"]!["x"] = "1");

        var events = await CollectAsync(lab, Nodes, version.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(e.IsBookmark, e.Type));
        Assert.Equal(lab.Mosk.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), events[^1].ResourceVersion);
    }

    [Fact]
    public async Task An_expired_history_is_an_ERROR_event_with_a_410_Status_inside_a_200_stream()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var list = await lab.Client.CoreV1.ListNodeAsync();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"a":"1"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");
        lab.Mosk.ExpireHistory();

        var events = await CollectAsync(lab, Nodes, list.ResourceVersion());

        var error = Assert.Single(events);
        Assert.True(error.IsError, error.Type);
        Assert.Equal(410, error.ErrorCode);
        Assert.Equal("Status", error.Object.Text("kind"));
        Assert.Equal("Expired", error.Object.Text("reason"));
        Assert.StartsWith($"too old resource version: {list.ResourceVersion()} (", error.Object.Text("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_watch_ends_with_a_410_ERROR_event_when_the_history_expires_under_it()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var list = await lab.Client.CoreV1.ListNodeAsync();
        var watching = CollectAsync(lab, Nodes, list.ResourceVersion(), timeoutSeconds: 30);
        await Task.Delay(300);

        lab.Mosk.ExpireHistory();
        var events = await watching.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(410, Assert.Single(events, e => e.IsError).ErrorCode);
    }

    [Fact]
    public async Task An_expired_history_can_be_answered_with_HTTP_410_instead()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var list = await lab.Client.CoreV1.ListNodeAsync();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"a":"1"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");
        lab.Mosk.ExpireHistory();
        lab.Mosk.ExpiredWatchAnswer = ExpiredWatchAnswer.HttpGone;

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => CollectAsync(lab, Nodes, list.ResourceVersion()));
        var relisted = await lab.Client.CoreV1.ListNodeAsync();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"a":"2"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");
        var resumed = await CollectAsync(lab, Nodes, relisted.ResourceVersion());

        Assert.Equal(HttpStatusCode.Gone, refused.Response.StatusCode);
        Assert.Contains("\"code\":410", refused.Response.Content, StringComparison.Ordinal);
        Assert.Equal("2", NodeOf(Assert.Single(resumed)).Labels()["a"]);
    }

    [Fact]
    public async Task A_label_change_that_leaves_the_selector_is_seen_as_DELETED()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var version = lab.Mosk.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lab.Mosk.Update(ResourceTypes.Nodes, null, "cmp-05", o => o["metadata"]!["labels"]!.AsObject().Remove("openstack-compute-node"));

        var events = await CollectAsync(lab, Nodes, version, (null, "openstack-compute-node=enabled"));

        var change = Assert.Single(events);
        Assert.Equal("DELETED", change.Type);
        Assert.Equal("cmp-05", NodeOf(change).Name());
    }

    private const string Nodes = "api/v1/nodes";

    /// <summary>Every event of one watch (bookmarks allowed), until the server ends it.</summary>
    private static async Task<List<KubeWatchEvent>> CollectAsync(KubeLab lab, string path, string? version,
        (string? Field, string? Label) selectors = default, int timeoutSeconds = 1)
    {
        var events = new List<KubeWatchEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await foreach (var change in lab.Client.WatchAsync(path, version, selectors, timeoutSeconds, timeout.Token))
        {
            events.Add(change);
        }

        return events;
    }

    private static V1Node NodeOf(KubeWatchEvent change) => KubernetesJson.Deserialize<V1Node>(change.Object);
}
