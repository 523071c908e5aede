using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Autorest;
using Simulator.Fakes.Kubernetes;
using Simulator.Fakes.Kubernetes.Actors;
using static Cli.Tests.Kubernetes.FakeKubernetesClientTests;

namespace Cli.Tests.Kubernetes;

/// <summary>The Rockoon actor's certificate rotation: admission, the osdplst states, the failover Job, its log and its ConfigMap.</summary>
public sealed partial class FakeRockoonTests
{
    private const string OshDev = "plans/clusters/osh-dev.yaml";
    private static readonly FakeKubernetesOptions Fast = new() { Speed = 6000 };

    [Fact]
    public async Task A_rotation_fails_the_load_balancers_over_in_a_Job_whose_log_has_the_statistics()
    {
        // Slow enough (200x) that APPLYING lasts over a second: the refusal below must meet it even on a loaded machine
        await using var lab = await KubeLab.StartAsync(OshDev, new FakeKubernetesOptions { Speed = 200 });
        var inventory = lab.Fake.Inventory;
        string Id(string name) => inventory.LoadBalancers.Single(lb => lb.Name == name).Id;
        var caBefore = Secret(lab);

        var skipped = await lab.KubectlAsync("patch", "osdpl", "osh-dev", "-n", "openstack", "--subresource", "status", "--type", "merge",
            "-p", """{"status":{"certificates":{"octavia":{"amphora":{"rotation_id":4}}}}}""");
        await RotateAsync(lab, 3);
        await Eventually.HoldsAsync(() => State(lab) != "APPLIED", "Rockoon to take the rotation up");
        var applying = State(lab);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => RotateAsync(lab, 4));
        await Eventually.HoldsAsync(() => State(lab) == "APPLIED", "the osdplst to be APPLIED again");

        var job = lab.Mosk.Get(ResourceTypes.Jobs, "openstack", "octavia-loadbalancers-failover");
        var pod = Assert.Single(lab.Mosk.List(ResourceTypes.Pods, "openstack", Selector.Parse("job-name=octavia-loadbalancers-failover", null)).Items);
        await using var stream = await lab.Client.CoreV1.ReadNamespacedPodLogAsync(pod["metadata"]!["name"]!.GetValue<string>(), "openstack",
            container: "octavia-loadbalancers-failover");
        var log = await new StreamReader(stream).ReadToEndAsync();
        var counters = CounterLine().Matches(log).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var failedState = lab.Mosk.Get(ResourceTypes.ConfigMaps, "openstack", "octavia-loadbalancers-failover-state")["data"]!["failed_loadbalancers"]!.GetValue<string>();

        Assert.NotEqual(0, skipped.ExitCode);
        Assert.Contains("Increasing octavia:amphora rotation_id more than by 1 is not allowed", skipped.Error, StringComparison.Ordinal);
        Assert.Equal("APPLYING", applying);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Response.StatusCode);
        Assert.Equal(RotationAdmission.Locked, Status(refused)["message"]!.GetValue<string>());
        Assert.NotEqual(caBefore, Secret(lab));
        Assert.Equal("Complete", job["status"]!["conditions"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("lb_failover", pod["metadata"]!["labels"]!["component"]!.GetValue<string>());
        Assert.Equal(["SUCCESS", "FAILED", "RECOVERY_FAILED", "SKIPPED", "CANCELLED"], counters.Keys);
        Assert.Equal(inventory.LoadBalancers.Length, counters.Values.Sum());
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO General statistic for loadbalancer failover:\n  SUCCESS: \d+  FAILED: \d+  RECOVERY_FAILED: \d+  SKIPPED: \d+  CANCELLED: \d+\n$", log);
        Assert.Contains($"CANCELLED:\n- {Id("lb-ci-19")}\n", log, StringComparison.Ordinal);           // deleted while handled
        Assert.Equal($"- {Id("lb-web-frontend-12")}\n", failedState);                                   // stuck, was ACTIVE: FAILED
        Assert.Contains($"- {Id("lb-billing-29")}", Section(log, "RECOVERY_FAILED"), StringComparison.Ordinal);   // fails, was ERROR
        Assert.Contains($"- {Id("lb-ci-27")}", Section(log, "SKIPPED"), StringComparison.Ordinal);       // provider ovn
        Assert.Equal(3, RotationId(lab));
        Assert.Empty(lab.Fake.ActorErrors);
    }

    [Fact]
    public async Task The_Jobs_log_can_be_followed_until_its_pod_ends_and_kubectl_finds_it_by_the_Job()
    {
        await using var lab = await KubeLab.StartAsync(OshDev, new FakeKubernetesOptions { Speed = 600 });

        await RotateAsync(lab, 3);
        var pod = await Eventually.GetAsync(() => lab.Mosk.List(ResourceTypes.Pods, "openstack", Selector.Parse("job-name=octavia-loadbalancers-failover", null)).Items.SingleOrDefault(),
            "the Job's pod");
        await using var stream = await lab.Client.CoreV1.ReadNamespacedPodLogAsync(pod["metadata"]!["name"]!.GetValue<string>(), "openstack",
            container: "octavia-loadbalancers-failover", follow: true);
        var followed = await new StreamReader(stream).ReadToEndAsync();
        var phase = lab.Mosk.Get(ResourceTypes.Pods, "openstack", pod["metadata"]!["name"]!.GetValue<string>())["status"]!["phase"]!.GetValue<string>();
        var byJob = await lab.KubectlAsync("logs", "-n", "openstack", "job/octavia-loadbalancers-failover", "-c", "octavia-loadbalancers-failover");

        Assert.Equal("Succeeded", phase);
        Assert.Contains("INFO General statistic for loadbalancer failover:", followed, StringComparison.Ordinal);
        Assert.True(byJob.ExitCode == 0, byJob.Error);
        Assert.Equal(followed, byJob.Output);
    }

    [Fact]
    public async Task A_crashed_Job_makes_Rockoon_regenerate_the_CA_and_run_a_new_Job()
    {
        var inventory = KubeLab.Load(OshDev);
        await using var lab = await KubeLab.StartAsync(OshDev, Fast with { Behaviour = FakeBehaviour.From(inventory, 1) with { FailoverJobCrashes = 1 } });
        using var jobs = lab.Mosk.Watch(ResourceTypes.Jobs, lab.Mosk.ResourceVersion);
        using var secrets = lab.Mosk.Watch(ResourceTypes.Secrets, lab.Mosk.ResourceVersion);

        await RotateAsync(lab, 3);
        await Eventually.HoldsAsync(() => State(lab) == "APPLIED", "the osdplst to be APPLIED");

        var seen = Drain(jobs).Where(e => e.Type != WatchEvent.Deleted).Select(e => e.Object).ToList();
        var outcomes = seen.Where(j => j["status"]?["conditions"] is JsonArray { Count: > 0 })
            .Select(j => (Uid: j["metadata"]!["uid"]!.GetValue<string>(), Type: j["status"]!["conditions"]![0]!["type"]!.GetValue<string>()))
            .ToList();
        Assert.Equal(["Failed", "Complete"], outcomes.Select(o => o.Type));
        Assert.NotEqual(outcomes[0].Uid, outcomes[1].Uid);
        Assert.Equal(2, Drain(secrets).Count(e => e.Type == WatchEvent.Modified));                     // a new CA each time
        Assert.Empty(lab.Fake.ActorErrors);
    }

    [Fact]
    public async Task The_behaviour_can_end_the_rotation_FAILED()
    {
        var inventory = KubeLab.Load(OshDev);
        await using var lab = await KubeLab.StartAsync(OshDev, Fast with { Behaviour = FakeBehaviour.From(inventory, 1) with { RotationOutcome = RotationOutcome.Failed } });

        await RotateAsync(lab, 3);

        await Eventually.HoldsAsync(() => State(lab) == "FAILED", "the osdplst to be FAILED");
    }

    [Fact]
    public async Task Rotation_ids_may_not_go_down_disappear_or_be_zero()
    {
        await using var lab = await KubeLab.StartAsync(OshDev, Fast with { Actors = false });

        async Task<string> Refused(string status) => Status(await Assert.ThrowsAsync<HttpOperationException>(() =>
            lab.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(Merge(status), ResourceTypes.Lcm, "v1alpha1", "openstack", "openstackdeployments", "osh-dev")))["message"]!.GetValue<string>();

        Assert.Equal("Decreasing octavia:amphora rotation_id is not allowed", await Refused("""{"status":{"certificates":{"octavia":{"amphora":{"rotation_id":1}}}}}"""));
        Assert.Equal("Removing octavia:amphora rotation config is not allowed", await Refused("""{"status":{"certificates":{"octavia":{"amphora":{"rotation_id":null}}}}}"""));
        Assert.Equal("Removing octavia:amphora rotation config is not allowed", await Refused("""{"status":{"certificates":{"octavia":{"amphora":{"rotation_id":0}}}}}"""));
        Assert.Equal("octavia:api rotation_id should be greater than 0", await Refused("""{"status":{"certificates":{"octavia":{"api":{"rotation_id":-1}}}}}"""));
        Assert.Equal(2, RotationId(lab));
    }

    private static Task<object> RotateAsync(KubeLab lab, int id) =>
        lab.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            Merge("""{"status":{"certificates":{"octavia":{"amphora":{"rotation_id":""" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}}}}"), ResourceTypes.Lcm, "v1alpha1", "openstack", "openstackdeployments", "osh-dev");

    private static string? State(KubeLab lab) =>
        lab.Mosk.Get(ResourceTypes.OpenStackDeploymentStatus, "openstack", "osh-dev")["status"]!["osdpl"]!["state"]!.GetValue<string>();

    private static int RotationId(KubeLab lab) =>
        lab.Mosk.Get(ResourceTypes.OpenStackDeployments, "openstack", "osh-dev")["status"]!["certificates"]!["octavia"]!["amphora"]!["rotation_id"]!.GetValue<int>();

    private static string Secret(KubeLab lab) => lab.Mosk.Get(ResourceTypes.Secrets, "openstack", "generated-octavia-amphora-certs")["data"]!.ToJsonString();

    private static List<WatchEvent> Drain(WatchSubscription subscription)
    {
        var events = new List<WatchEvent>();
        while (subscription.Events.TryRead(out var change))
        {
            events.Add(change);
        }

        return events;
    }

    private static string Section(string log, string status)
    {
        var start = log.IndexOf($"\n{status}:", StringComparison.Ordinal);
        var end = log.IndexOf("\n\n", start, StringComparison.Ordinal);
        var next = Regex.Match(log[(start + 1)..], @"\n[A-Z_]+:").Index;
        return log.Substring(start, Math.Min(end - start, next > 0 ? next + 1 : end - start));
    }

    [GeneratedRegex(@"(SUCCESS|FAILED|RECOVERY_FAILED|SKIPPED|CANCELLED): (\d+)")]
    private static partial Regex CounterLine();
}
