using Cli.Tests.TestKit;
using Simulator.Fakes.Kubernetes;

namespace Cli.Tests.Kubernetes;

/// <summary>The rotation's waits watch the osdplst and the Job; an expired history under them (both kinds of 410) is listed again.</summary>
public sealed partial class ApplyRotationTests
{
    [Fact]
    public async Task Apply_HistoryExpiresUnderTheDriversWatches_RelistsAndEveryStepRunsOnce()
    {
        // Given: a rotation whose clock stands still until both faults are met, so that mplan is still waiting on its
        // watches when they come, however busy the machine
        var clock = new HeldClock();
        clock.Hold();
        await using var fake = await StartAsync(Cluster(""), speed: 30, clock);
        var store = fake.Mosk.Store;
        fake.Mosk.BookmarkInterval = TimeSpan.FromMilliseconds(200); // mplan resumes from a bookmark's version after the drop
        using var apply = StartApply(RotationPlan());

        // When: the history expires under the open watch on the Job (an ERROR 410 event in the stream) ...
        await Eventually.HoldsAsync(() => store.OpenWatches(ResourceTypes.Jobs) > 0, "mplan watching the failover Job", 90);
        var listsBefore = JobLists(fake);
        store.ExpireHistory();

        // ... and again once mplan listed and watches anew, this time ending the stream as a dropped connection does,
        // so that its resumption from the old version is answered with HTTP 410
        await Eventually.HoldsAsync(() => JobLists(fake) > listsBefore && store.OpenWatches(ResourceTypes.Jobs) > 0,
            "mplan listing and watching again after the 410", 90);
        var bookmarks = fake.Mosk.BookmarksSent; // the new watch's bookmark is the version mplan resumes from after the drop
        await Eventually.HoldsAsync(() => fake.Mosk.BookmarksSent >= bookmarks + 2, "bookmarks on the new watches", 90);
        store.ExpiredWatchAnswer = ExpiredWatchAnswer.HttpGone;
        listsBefore = JobLists(fake);
        store.ExpireHistory(dropWatches: true);
        await Eventually.HoldsAsync(() => WatchesRefused(fake) > 0 && JobLists(fake) > listsBefore && store.OpenWatches(ResourceTypes.Jobs) > 0,
            "mplan's resumption refused with HTTP 410, then listing and watching again", 90);
        clock.Release();
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: the run succeeded, every step started and finished once, one patch of rotation_id
        var output = string.Join("\n", apply.Lines) + await apply.ErrorAsync();
        Assert.True(exit == 0, output);
        Assert.Equal(5, RotationId(fake));
        var steps = Steps();
        Assert.All(steps, s => Assert.Equal("succeeded", s.Value.State));
        Assert.Equal(steps.Keys.Order(StringComparer.Ordinal), StepEvents("step_started").Order(StringComparer.Ordinal));
        Assert.Equal(steps.Keys.Order(StringComparer.Ordinal), StepEvents("step_finished").Order(StringComparer.Ordinal));
        Assert.Single(fake.Mosk.Requests, r => r.StartsWith("PATCH /apis/lcm.mirantis.com/v1alpha1/namespaces/openstack/openstackdeployments/osh-lab/status", StringComparison.Ordinal));

        // Both 410s were met and answered with a fresh list: a watch refused with HTTP 410, and more lists than watchers
        var requests = fake.Mosk.Requests;
        Assert.True(WatchesRefused(fake) > 0, string.Join("\n", requests));
        Assert.True(JobLists(fake) >= 2, string.Join("\n", requests));
        Assert.Empty(DeployRbac.Denied(DeployRbac.Mosk, fake.Mosk.Audit));
    }

    private static int JobLists(FakeKubernetes fake) =>
        fake.Mosk.Requests.Count(r => r.StartsWith("GET /apis/batch/v1/namespaces/openstack/jobs?", StringComparison.Ordinal) && !r.Contains("watch=true", StringComparison.Ordinal));

    private static int WatchesRefused(FakeKubernetes fake) =>
        fake.Mosk.Requests.Count(r => r.Contains("watch=true", StringComparison.Ordinal) && r.EndsWith("-> 410", StringComparison.Ordinal));

    private List<string> StepEvents(string name) =>
        [.. Events().Where(e => e.GetProperty("event").GetString() == name).Select(e => e.GetProperty("step").GetString()!)];
}
