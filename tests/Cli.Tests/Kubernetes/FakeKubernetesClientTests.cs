using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Simulator.Fakes.Kubernetes;

namespace Cli.Tests.Kubernetes;

/// <summary>The fake API server as the KubernetesClient library sees it: reads, pages, writes, conflicts and errors.</summary>
public sealed class FakeKubernetesClientTests
{
    private static readonly FakeKubernetesOptions Quiet = new() { Actors = false };

    [Fact]
    public async Task Nodes_carry_the_role_labels_zone_and_annotations_of_the_cluster_file()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var nodes = await lab.Client.CoreV1.ListNodeAsync();
        var computes = await lab.Client.CoreV1.ListNodeAsync(labelSelector: "openstack-compute-node=enabled");

        Assert.Equal(15, nodes.Items.Count);
        Assert.Equal(10, computes.Items.Count);
        var cmp04 = nodes.Items.Single(n => n.Name() == "cmp-04");
        Assert.Equal("az-1", cmp04.Labels()["topology.kubernetes.io/zone"]);
        Assert.Equal("manual", cmp04.Annotations()["openstack.lcm.mirantis.com/instance_migration_mode"]);
        Assert.Equal("enabled", nodes.Items.Single(n => n.Name() == "ctl-01").Labels()["openstack-control-plane"]);
        Assert.Equal("enabled", nodes.Items.Single(n => n.Name() == "gtw-02").Labels()["openstack-gateway"]);
    }

    [Fact]
    public async Task A_list_in_pages_returns_every_node_once_and_an_expired_token_is_410_Expired()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var names = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await lab.Client.CoreV1.ListNodeAsync(limit: 4, continueParameter: next);
            names.AddRange(page.Items.Select(n => n.Name()));
            next = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(next));

        var first = await lab.Client.CoreV1.ListNodeAsync(limit: 4);
        lab.Mosk.ExpireHistory();
        var expired = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CoreV1.ListNodeAsync(limit: 4, continueParameter: first.Metadata.ContinueProperty));

        Assert.Equal(4, pages);
        Assert.Equal(15, names.Distinct().Count());
        Assert.Equal(HttpStatusCode.Gone, expired.Response.StatusCode);
        Assert.Equal("Expired", Status(expired)["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_field_selector_on_spec_nodeName_finds_the_DaemonSet_pod_of_one_node()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var pods = await lab.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=cmp-07");
        var controlPlane = await lab.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=ctl-01");
        var ds = await lab.Client.AppsV1.ReadNamespacedDaemonSetAsync("tf-vrouter-agent", "tf");

        var pod = Assert.Single(pods.Items);
        Assert.Equal("tf", pod.Namespace());
        Assert.StartsWith("tf-vrouter-agent-", pod.Name(), StringComparison.Ordinal);
        Assert.Empty(controlPlane.Items);                       // the DaemonSet runs on computes and gateways only
        Assert.Equal(12, ds.Status.DesiredNumberScheduled);
        Assert.Equal(12, ds.Status.NumberReady);
        Assert.Equal("OnDelete", ds.Spec.UpdateStrategy.Type);
    }

    [Fact]
    public async Task A_lease_is_created_once_and_a_stale_replace_is_a_409_Conflict()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "mplan-lock", NamespaceProperty = "default" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } };

        var created = await lab.Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "default");
        var again = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "default"));
        created.Spec.HolderIdentity = "b";
        var replaced = await lab.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "mplan-lock", "default");
        created.Spec.HolderIdentity = "c";                      // still the first resourceVersion
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "mplan-lock", "default"));

        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Equal("AlreadyExists", Status(again)["reason"]!.GetValue<string>());
        Assert.Equal("leases.coordination.k8s.io \"mplan-lock\" already exists", Status(again)["message"]!.GetValue<string>());
        Assert.NotEqual(created.ResourceVersion(), replaced.ResourceVersion());
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Equal("Conflict", Status(stale)["reason"]!.GetValue<string>());
        Assert.Equal("b", (await lab.Client.CoordinationV1.ReadNamespacedLeaseAsync("mplan-lock", "default")).Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_bad_token_is_a_401_Unauthorized_Status()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(lab.KubeconfigPath);
        config.AccessToken = "not-the-token";
        using var client = new k8s.Kubernetes(config);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNodeAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Response.StatusCode);
        Assert.Equal("Unauthorized", Status(refused)["reason"]!.GetValue<string>());
        Assert.Equal(401, Status(refused)["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_osdpl_status_subresource_rules_hold_and_osdplst_status_is_written_on_the_object()
    {
        await using var lab = await KubeLab.StartAsync("plans/clusters/osh-dev.yaml", Quiet);
        const string group = ResourceTypes.Lcm, version = "v1alpha1";

        var main = Json(await lab.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Merge("""{"metadata":{"annotations":{"a":"b"}},"spec":{"size":"medium"},"status":{"certificates":{"octavia":{"amphora":{"rotation_id":9}}}}}"""),
            group, version, "openstack", "openstackdeployments", "osh-dev"));
        var status = Json(await lab.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            Merge("""{"spec":{"size":"large"},"status":{"watched":{"x":1}}}"""), group, version, "openstack", "openstackdeployments", "osh-dev"));
        var annotated = Json(await lab.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Merge("""{"metadata":{"annotations":{"c":"d"}}}"""), group, version, "openstack", "openstackdeployments", "osh-dev"));
        var osdplst = Json(await lab.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Merge("""{"status":{"osdpl":{"state":"APPLYING"}}}"""), group, version, "openstack", "openstackdeploymentstatus", "osh-dev"));

        Assert.Equal("medium", main["spec"]!["size"]!.GetValue<string>());
        Assert.Equal(2, main["status"]!["certificates"]!["octavia"]!["amphora"]!["rotation_id"]!.GetValue<int>());   // status ignored on the object
        Assert.Equal(2, main["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal("medium", status["spec"]!["size"]!.GetValue<string>());                                          // spec ignored on /status
        Assert.Equal(1, status["status"]!["watched"]!["x"]!.GetValue<int>());
        Assert.Equal(2, annotated["metadata"]!["generation"]!.GetValue<int>());                                         // metadata does not bump it
        Assert.Equal("APPLYING", osdplst["status"]!["osdpl"]!["state"]!.GetValue<string>());                          // no subresource there
    }

    [Fact]
    public async Task A_strategic_merge_patch_on_a_custom_resource_is_the_exact_415()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.StrategicMergePatch), ResourceTypes.Lcm, "v1alpha1", "nodeworkloadlocks", "openstack-cmp-01"));
        var node = await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.StrategicMergePatch), "cmp-01");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.Response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml","reason":"UnsupportedMediaType","code":415}""",
            refused.Response.Content);
        Assert.Equal("b", node.Labels()["a"]);
    }

    [Fact]
    public async Task A_lock_state_outside_the_enum_is_a_422_naming_the_field()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            Merge("""{"status":{"state":"done"}}"""), ResourceTypes.Lcm, "v1alpha1", "nodeworkloadlocks", "openstack-cmp-01"));

        var status = Status(refused);
        Assert.Equal(422, (int)refused.Response.StatusCode);
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("status.state", cause["field"]!.GetValue<string>());
        Assert.Equal("Unsupported value: \"done\": supported values: \"inactive\", \"active\", \"failed\"", cause["message"]!.GetValue<string>());
        Assert.Equal("active", lab.Mosk.Get(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-01")["status"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_patch_test_is_a_compare_and_swap_and_merge_patch_null_deletes()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var node = await lab.Client.CoreV1.ReadNodeAsync("cmp-01");
        var version = node.ResourceVersion();

        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch(
            $$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{version}}"},{"op":"add","path":"/metadata/labels/x","value":"1"}]""",
            V1Patch.PatchType.JsonPatch), "cmp-01");
        var lost = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CoreV1.PatchNodeAsync(new V1Patch(
            $$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{version}}"},{"op":"add","path":"/metadata/labels/x","value":"2"}]""",
            V1Patch.PatchType.JsonPatch), "cmp-01"));
        var cleared = await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"x":null}}}""", V1Patch.PatchType.MergePatch), "cmp-01");

        Assert.Equal(422, (int)lost.Response.StatusCode);
        Assert.False(cleared.Labels().ContainsKey("x"));
        Assert.True(cleared.Labels().ContainsKey("kubernetes.io/hostname"));
    }

    [Fact]
    public async Task A_merge_patch_that_names_a_stale_resourceVersion_is_a_409_Conflict()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var version = (await lab.Client.CoreV1.ReadNodeAsync("cmp-01")).ResourceVersion();
        await lab.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"a":"1"}}}""", V1Patch.PatchType.MergePatch), "cmp-01");

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CoreV1.PatchNodeAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = version, ["labels"] = new JsonObject { ["a"] = "2" } } }.ToJsonString(), V1Patch.PatchType.MergePatch), "cmp-01"));

        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Equal("Operation cannot be fulfilled on nodes \"cmp-01\": the object has been modified; please apply your changes to the latest version and try again",
            Status(stale)["message"]!.GetValue<string>());
        Assert.Equal("1", (await lab.Client.CoreV1.ReadNodeAsync("cmp-01")).Labels()["a"]);
    }

    [Fact]
    public async Task Delete_with_a_finalizer_marks_the_object_until_the_finalizer_is_removed()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        const string group = ResourceTypes.Lcm, version = "v1alpha1", plural = "nodeworkloadlocks", name = "openstack-cmp-02";

        var marked = Json(await lab.Client.CustomObjects.DeleteClusterCustomObjectAsync(group, version, plural, name));
        var still = Json(await lab.Client.CustomObjects.GetClusterCustomObjectAsync(group, version, plural, name));
        await lab.Client.CustomObjects.PatchClusterCustomObjectAsync(Merge("""{"metadata":{"finalizers":null}}"""), group, version, plural, name);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CustomObjects.GetClusterCustomObjectAsync(group, version, plural, name));

        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        Assert.NotNull(still["metadata"]!["deletionTimestamp"]);
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
        Assert.Equal($"nodeworkloadlocks.lcm.mirantis.com \"{name}\" not found", Status(gone)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_DaemonSet_takes_its_pods_with_it()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        await lab.Client.AppsV1.DeleteNamespacedDaemonSetAsync("tf-vrouter-agent", "tf");

        Assert.Empty((await lab.Client.CoreV1.ListNamespacedPodAsync("tf")).Items);
    }

    [Fact]
    public async Task A_pod_log_is_served_per_container()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var pod = (await lab.Client.CoreV1.ListNamespacedPodAsync("tf")).Items[0];
        lab.Fake.Mosk.Logs.Append("tf", pod.Name(), "tf-vrouter-agent", "line one\nline two\n");

        await using var stream = await lab.Client.CoreV1.ReadNamespacedPodLogAsync(pod.Name(), "tf", container: "tf-vrouter-agent");
        using var reader = new StreamReader(stream);
        var wrong = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CoreV1.ReadNamespacedPodLogAsync(pod.Name(), "tf", container: "nope"));

        Assert.Equal("line one\nline two\n", await reader.ReadToEndAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Response.StatusCode);
    }

    [Fact]
    public async Task The_management_cluster_is_its_own_server_with_the_Cluster_object_and_a_machine_per_node()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        using var management = lab.ClientFor("mgmt");

        var cluster = Json(await management.CustomObjects.GetNamespacedCustomObjectAsync("cluster.k8s.io", "v1alpha1", "mosk-prod", "clusters", "mosk-prod"));
        var machines = Json(await management.CustomObjects.ListNamespacedCustomObjectAsync(ResourceTypes.Lcm, "v1alpha1", "mosk-prod", "lcmmachines"));
        var onMosk = await Assert.ThrowsAsync<HttpOperationException>(() => lab.Client.CustomObjects.ListNamespacedCustomObjectAsync(ResourceTypes.Lcm, "v1alpha1", "mosk-prod", "lcmmachines"));

        Assert.NotEqual(lab.Fake.Url, lab.Fake.ManagementUrl);
        Assert.Equal("mosk-17-3-4-25-1", cluster["spec"]!["providerSpec"]!["value"]!["release"]!.GetValue<string>());
        var items = machines["items"]!.AsArray();
        Assert.Equal(15, items.Count);
        Assert.All(items, m => Assert.Equal("Ready", m!["status"]!["state"]!.GetValue<string>()));
        Assert.Contains(items, m => m!["status"]!["hostname"]!.GetValue<string>() == "cmp-04");
        Assert.Equal(HttpStatusCode.NotFound, onMosk.Response.StatusCode);
    }

    internal static V1Patch Merge(string json) => new(json, V1Patch.PatchType.MergePatch);

    internal static JsonObject Json(object body) => JsonNode.Parse(JsonSerializer.Serialize(body))!.AsObject();

    internal static JsonObject Status(HttpOperationException e) => JsonNode.Parse(e.Response.Content)!.AsObject();
}
