using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Simulator.Fakes.Kubernetes;
using Simulator.Fakes.Kubernetes.Actors;
using Tests.Shared;
using static Cli.Tests.Kubernetes.FakeKubernetesClientTests;

namespace Cli.Tests.Kubernetes;

/// <summary>The maintenance actors: Rockoon's NodeMaintenanceRequest → NodeWorkloadLock reactions, the LCM's cluster update, the DaemonSet controller.</summary>
public sealed class FakeMaintenanceTests
{
    private static readonly FakeKubernetesOptions Fast = new() { Speed = 6000 };
    private const string Lcm = ResourceTypes.Lcm;

    [Fact]
    public async Task A_request_on_a_skip_node_releases_its_lock_and_deleting_it_waits_for_Rockoons_finalizer()
    {
        await using var lab = await KubeLab.StartAsync(options: Fast);

        await RequestAsync(lab.Client, "cmp-07");
        await Eventually.HoldsAsync(() => LockState(lab, "cmp-07") == "inactive", "cmp-07's lock to be inactive");
        var held = lab.Mosk.Get(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-07");
        var deleted = FakeKubernetesClientTests.Json(await lab.Client.CustomObjects.DeleteClusterCustomObjectAsync(Lcm, "v1alpha1", "nodemaintenancerequests", "cmp-07"));
        await Eventually.HoldsAsync(() => lab.Mosk.TryGet(ResourceTypes.NodeMaintenanceRequests, null, "cmp-07") is null, "the request to be gone");
        var released = lab.Mosk.Get(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-07");

        Assert.Equal("active", held["metadata"]!["annotations"]!["inner_state"]!.GetValue<string>());
        Assert.Null(held["status"]!["errorMessage"]);
        Assert.NotNull(deleted["metadata"]!["deletionTimestamp"]);
        Assert.Equal("lcm.mirantis.com/rockoon.nodemaintenancerequest-finalizer", deleted["metadata"]!["finalizers"]![0]!.GetValue<string>());
        Assert.Equal("active", released["status"]!["state"]!.GetValue<string>());
        Assert.Equal("inactive", released["metadata"]!["annotations"]!["inner_state"]!.GetValue<string>());
        Assert.Empty(lab.Fake.ActorErrors);
    }

    [Fact]
    public async Task A_node_that_loses_its_OpenStack_roles_loses_its_lock_and_gets_it_back_with_a_role()
    {
        await using var lab = await KubeLab.StartAsync(options: Fast);

        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"openstack-compute-node":null}}}""", V1Patch.PatchType.MergePatch), "cmp-08");
        await Eventually.HoldsAsync(() => lab.Mosk.TryGet(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-08") is null, "cmp-08's lock to go");
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"openstack-gateway":"enabled"}}}""", V1Patch.PatchType.MergePatch), "cmp-08");
        await Eventually.HoldsAsync(() => lab.Mosk.TryGet(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-08") is not null, "cmp-08's lock to come back");

        Assert.Equal("active", LockState(lab, "cmp-08"));
        Assert.Empty(lab.Fake.ActorErrors);
    }

    [Fact]
    public async Task A_second_gateway_is_deferred_until_the_first_is_given_back()
    {
        await using var lab = await KubeLab.StartAsync(options: Fast);

        await RequestAsync(lab.Client, "gtw-01");
        await Eventually.HoldsAsync(() => LockState(lab, "gtw-01") == "inactive", "gtw-01's lock to be inactive");
        await RequestAsync(lab.Client, "gtw-02");
        var deferred = await Eventually.GetAsync(() => ErrorMessage(lab, "gtw-02"), "gtw-02 to be deferred");
        var stillActive = LockState(lab, "gtw-02");
        await lab.Client.CustomObjects.DeleteClusterCustomObjectAsync(Lcm, "v1alpha1", "nodemaintenancerequests", "gtw-01");
        await Eventually.HoldsAsync(() => LockState(lab, "gtw-02") == "inactive", "gtw-02's lock to be inactive once gtw-01 is back");

        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} Number of inactive NodeWorkloadLocks exceeds allowed concurrency\. Deferring processing for node gtw-02$", deferred);
        Assert.Equal("active", stillActive);
        Assert.Equal("active", LockState(lab, "gtw-01"));
        Assert.Null(ErrorMessage(lab, "gtw-02"));
    }

    [Fact]
    public async Task A_manual_node_waits_for_the_operator_to_set_skip()
    {
        await using var lab = await KubeLab.StartAsync(options: Fast);

        await RequestAsync(lab.Client, "cmp-04");
        var waiting = await Eventually.GetAsync(() => ErrorMessage(lab, "cmp-04") is { } m && m.Contains("Some servers", StringComparison.Ordinal) ? m : null,
            "cmp-04 to wait for its servers");
        await Task.Delay(200);                                           // many retry periods at this speed
        var stillHeld = LockState(lab, "cmp-04");
        var annotate = await lab.KubectlAsync("annotate", "node", "cmp-04", "--overwrite", "openstack.lcm.mirantis.com/instance_migration_mode=skip");
        await Eventually.HoldsAsync(() => LockState(lab, "cmp-04") == "inactive", "cmp-04's lock to be inactive after skip");

        Assert.Contains("Some servers are still present on the host. Notify owners of the following server: ['", waiting, StringComparison.Ordinal);
        Assert.EndsWith("] Servers with unset maintenance action: []", waiting, StringComparison.Ordinal);
        Assert.Equal(6, waiting.Split("', '").Length);                   // cmp-04's six instances
        Assert.Equal("active", stillHeld);
        Assert.Equal(0, annotate.ExitCode);
    }

    [Fact]
    public async Task A_live_node_migrates_its_instances_one_by_one_then_releases_its_lock()
    {
        await using var lab = await KubeLab.StartAsync(options: Fast);
        using var locks = lab.Mosk.Watch(ResourceTypes.NodeWorkloadLocks, lab.Mosk.ResourceVersion);

        await RequestAsync(lab.Client, "cmp-01");
        await Eventually.HoldsAsync(() => LockState(lab, "cmp-01") == "inactive", "cmp-01's lock to be inactive", 60);

        var messages = new List<string>();
        while (locks.Events.TryRead(out var change))
        {
            if (change.Name == "openstack-cmp-01" && change.Object["status"]?["errorMessage"]?.GetValue<string>() is { } message)
            {
                messages.Add(message[27..]);
            }
        }

        Assert.Equal(5, messages.Where(m => m.StartsWith("Starting migration for ", StringComparison.Ordinal)).Distinct().Count());
    }

    [Fact]
    public async Task A_deleted_DaemonSet_pod_comes_back_on_its_node_with_a_new_name_and_becomes_Ready()
    {
        await using var lab = await KubeLab.StartAsync(options: Fast);
        var old = (await lab.Client.CoreV1.ListNamespacedPodAsync("tf", fieldSelector: "spec.nodeName=cmp-03")).Items.Single();

        await lab.Client.CoreV1.DeleteNamespacedPodAsync(old.Name(), "tf");
        var replacement = await Eventually.GetAsync(() => lab.Mosk.List(ResourceTypes.Pods, "tf", Selector.Parse(null, "spec.nodeName=cmp-03")).Items
            .SingleOrDefault(p => IsReady(p)), "a Ready replacement on cmp-03");
        await Eventually.HoldsAsync(() => Counter(lab, "numberReady") == 12, "the DaemonSet to count 12 ready pods again");

        Assert.NotEqual(old.Name(), replacement["metadata"]!["name"]!.GetValue<string>());
        Assert.NotEqual(old.Uid(), replacement["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal(12, Counter(lab, "updatedNumberScheduled"));
    }

    [Fact]
    public async Task An_evicted_DaemonSet_pod_is_a_201_Success_and_is_replaced()
    {
        await using var lab = await KubeLab.StartAsync(options: Fast);
        var old = (await lab.Client.CoreV1.ListNamespacedPodAsync("tf", fieldSelector: "spec.nodeName=gtw-01")).Items.Single();

        using var response = await lab.Client.CoreV1.CreateNamespacedPodEvictionWithHttpMessagesAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = old.Name(), NamespaceProperty = "tf" } }, old.Name(), "tf");
        await Eventually.HoldsAsync(() => lab.Mosk.List(ResourceTypes.Pods, "tf", Selector.Parse(null, "spec.nodeName=gtw-01")).Items
            .Any(p => p["metadata"]!["name"]!.GetValue<string>() != old.Name() && IsReady(p)), "a Ready replacement on gtw-01");

        Assert.Null(lab.Mosk.TryGet(ResourceTypes.Pods, "tf", old.Name()));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.Response.StatusCode);
    }

    [Fact]
    public async Task The_behaviour_can_keep_a_replacement_pod_from_ever_becoming_Ready()
    {
        var inventory = KubeLab.Load("plans/clusters/mosk-prod.yaml");
        var behaviour = FakeBehaviour.From(inventory, 1) with { PodsNeverReadyOn = ["cmp-03"] };
        await using var lab = await KubeLab.StartAsync(options: Fast with { Behaviour = behaviour });
        var old = lab.Mosk.List(ResourceTypes.Pods, "tf", Selector.Parse(null, "spec.nodeName=cmp-03")).Items.Single();

        lab.Mosk.Delete(ResourceTypes.Pods, "tf", old["metadata"]!["name"]!.GetValue<string>());
        var replacement = await Eventually.GetAsync(() => lab.Mosk.List(ResourceTypes.Pods, "tf", Selector.Parse(null, "spec.nodeName=cmp-03")).Items.SingleOrDefault(),
            "a replacement on cmp-03");
        await Task.Delay(TimeSpan.FromSeconds(behaviour.PodReadyAfter.TotalSeconds * 10 / Fast.Speed + 0.5));   // ten times its ready delay

        Assert.False(IsReady(lab.Mosk.Get(ResourceTypes.Pods, "tf", replacement["metadata"]!["name"]!.GetValue<string>())));
        Assert.Equal(11, Counter(lab, "numberReady"));
        Assert.Equal(1, Counter(lab, "numberUnavailable"));
    }

    [Fact]
    public async Task A_release_change_updates_the_nodes_control_plane_first_through_maintenance_requests()
    {
        using var directory = new TempDirectory();
        var file = directory.Path("mini.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: mplan/v1
            kind: Cluster
            metadata: {name: mini}
            kubernetes:
              context: mini
              management: {context: mini-mgmt, namespace: mini-ns, release: rel-1}
            openstackDeployment: {name: osh, namespace: openstack, state: APPLIED, health: {nova: {api: Ready}}}
            nodes:
              - {name: cmp-01, roles: [compute], availabilityZone: nova, instances: 2}
              - {name: ctl-01, roles: [control-plane], availabilityZone: nova}
              - {name: cmp-02, roles: [compute], availabilityZone: nova, instances: 1, annotations: {"openstack.lcm.mirantis.com/instance_migration_mode": manual}}
              - {name: gtw-01, roles: [gateway], availabilityZone: nova}
            """);
        await using var lab = await KubeLab.StartAsync(file, Fast);
        using var management = lab.ClientFor("mini-mgmt");
        var machines = lab.Fake.Management.Store;
        using var changes = machines.Watch(ResourceTypes.LcmMachines, machines.ResourceVersion);
        using var requests = lab.Mosk.Watch(ResourceTypes.NodeMaintenanceRequests, lab.Mosk.ResourceVersion);

        await management.CustomObjects.PatchNamespacedCustomObjectAsync(Merge("""{"spec":{"providerSpec":{"value":{"release":"rel-2"}}}}"""),
            "cluster.k8s.io", "v1alpha1", "mini-ns", "clusters", "mini");
        await Eventually.HoldsAsync(() => ErrorMessage(lab, "cmp-02")?.Contains("Some servers", StringComparison.Ordinal) == true, "cmp-02 to wait for the operator", 60);
        var annotate = await lab.KubectlAsync("annotate", "node", "cmp-02", "--overwrite", "openstack.lcm.mirantis.com/instance_migration_mode=skip");
        await Eventually.HoldsAsync(() => machines.List(ResourceTypes.LcmClusterStates, "mini-ns").Items.Single()["status"]!["value"]!.GetValue<string>() == "rel-2",
            "the cluster state to reach rel-2", 60);

        var deployOrder = new List<string>();
        while (changes.Events.TryRead(out var change))
        {
            var node = change.Object["status"]!["hostname"]!.GetValue<string>();
            if (change.Object["status"]!["state"]!.GetValue<string>() == "Deploy" && !deployOrder.Contains(node))
            {
                deployOrder.Add(node);
            }
        }

        var requested = new List<string>();
        while (requests.Events.TryRead(out var change))
        {
            if (change.Type == WatchEvent.Added)
            {
                requested.Add(change.Object["spec"]!["nodeName"]!.GetValue<string>());
                Assert.Equal("os", change.Object["spec"]!["scope"]!.GetValue<string>());
            }
        }

        Assert.Equal(0, annotate.ExitCode);
        Assert.Equal(["ctl-01", "gtw-01", "cmp-01", "cmp-02"], deployOrder);
        Assert.Equal(deployOrder, requested);
        Assert.All(machines.List(ResourceTypes.LcmMachines, "mini-ns").Items, m =>
        {
            Assert.Equal("Ready", m["status"]!["state"]!.GetValue<string>());
            Assert.Equal("rel-2", m["status"]!["release"]!.GetValue<string>());
        });
        Assert.Empty(lab.Mosk.List(ResourceTypes.NodeMaintenanceRequests).Items);
        Assert.All(lab.Mosk.List(ResourceTypes.NodeWorkloadLocks).Items, l => Assert.Equal("active", l["status"]!["state"]!.GetValue<string>()));
        Assert.Empty(lab.Fake.ActorErrors);
    }

    private static Task<object> RequestAsync(IKubernetes client, string node) =>
        client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "lcm.mirantis.com/v1alpha1",
                ["kind"] = "NodeMaintenanceRequest",
                ["metadata"] = new JsonObject { ["name"] = node },
                ["spec"] = new JsonObject { ["nodeName"] = node, ["scope"] = "os" },
            },
            Lcm, "v1alpha1", "nodemaintenancerequests");

    private static string? LockState(KubeLab lab, string node) =>
        lab.Mosk.Get(ResourceTypes.NodeWorkloadLocks, null, $"openstack-{node}")["status"]!["state"]!.GetValue<string>();

    private static string? ErrorMessage(KubeLab lab, string node) =>
        lab.Mosk.Get(ResourceTypes.NodeWorkloadLocks, null, $"openstack-{node}")["status"]!["errorMessage"]?.GetValue<string>();

    private static bool IsReady(JsonObject pod) =>
        pod["status"]!["conditions"]!.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True");

    private static int Counter(KubeLab lab, string field) =>
        lab.Mosk.Get(ResourceTypes.DaemonSets, "tf", "tf-vrouter-agent")["status"]![field]?.GetValue<int>() ?? 0;
}
