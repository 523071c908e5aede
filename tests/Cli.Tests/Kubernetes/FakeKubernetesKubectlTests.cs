using Simulator.Fakes.Kubernetes;

namespace Cli.Tests.Kubernetes;

/// <summary>The fake API server as the real kubectl sees it, through the kubeconfig the fake writes.</summary>
public sealed class FakeKubernetesKubectlTests
{
    private static readonly FakeKubernetesOptions Quiet = new() { Actors = false };

    [Fact]
    public async Task Kubectl_lists_by_label_in_chunks_and_reads_the_management_context()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var computes = await lab.KubectlAsync("get", "nodes", "-l", "openstack-compute-node=enabled", "-o", "name");
        var chunked = await lab.KubectlAsync("get", "nodes", "--chunk-size=4", "-o", "name");
        var machines = await lab.KubectlAsync("--context", "mgmt", "get", "lcmmachines", "-n", "mosk-prod", "-o", "jsonpath={.items[*].status.hostname}");

        Assert.Equal(0, computes.ExitCode);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"node/cmp-{i:00}"), Lines(computes.Output));
        Assert.Equal(15, Lines(chunked.Output).Length);
        Assert.Equal(0, machines.ExitCode);
        Assert.Equal(15, machines.Output.Split(' ').Length);
        Assert.Contains("ctl-01", machines.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_annotate_label_and_cordon_change_the_node()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var annotate = await lab.KubectlAsync("annotate", "node", "cmp-04", "--overwrite", "openstack.lcm.mirantis.com/instance_migration_mode=skip");
        var label = await lab.KubectlAsync("label", "node", "cmp-04", "maintenance=yes");
        var cordon = await lab.KubectlAsync("cordon", "cmp-04");
        var cordoned = lab.Mosk.Get(ResourceTypes.Nodes, null, "cmp-04");
        var uncordon = await lab.KubectlAsync("uncordon", "cmp-04");
        var node = lab.Mosk.Get(ResourceTypes.Nodes, null, "cmp-04");

        Assert.Equal((0, 0, 0, 0), (annotate.ExitCode, label.ExitCode, cordon.ExitCode, uncordon.ExitCode));
        Assert.Equal("skip", node["metadata"]!["annotations"]!["openstack.lcm.mirantis.com/instance_migration_mode"]!.GetValue<string>());
        Assert.Equal("yes", node["metadata"]!["labels"]!["maintenance"]!.GetValue<string>());
        Assert.True(cordoned["spec"]!["unschedulable"]!.GetValue<bool>());
        Assert.Null(node["spec"]!["unschedulable"]);              // uncordon sends null: the field is gone, not false
    }

    [Fact]
    public async Task Kubectl_patches_a_custom_resource_by_merge_and_json_and_gets_the_415_for_strategic()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var merge = await lab.KubectlAsync("patch", "nodeworkloadlock", "openstack-cmp-01", "--type", "merge", "-p", """{"metadata":{"annotations":{"inner_state":"active"}}}""");
        var json = await lab.KubectlAsync("patch", "nodeworkloadlock", "openstack-cmp-01", "--type", "json", "-p", """[{"op":"add","path":"/metadata/labels","value":{"a":"b"}}]""");
        var strategic = await lab.KubectlAsync("patch", "nodeworkloadlock", "openstack-cmp-01", "--type", "strategic", "-p", """{"metadata":{"labels":{"c":"d"}}}""");
        var invalid = await lab.KubectlAsync("patch", "nodeworkloadlock", "openstack-cmp-01", "--subresource", "status", "--type", "merge", "-p", """{"status":{"state":"done"}}""");
        var lockObject = lab.Mosk.Get(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-01");

        Assert.Equal((0, 0), (merge.ExitCode, json.ExitCode));
        Assert.Equal("active", lockObject["metadata"]!["annotations"]!["inner_state"]!.GetValue<string>());
        Assert.Equal("b", lockObject["metadata"]!["labels"]!["a"]!.GetValue<string>());
        Assert.NotEqual(0, strategic.ExitCode);
        Assert.Contains("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            strategic.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("status.state: Unsupported value: \"done\"", invalid.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_wait_follows_a_watch_until_the_lock_goes_inactive()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);

        var waiting = lab.StartKubectl("wait", "nodeworkloadlock/openstack-cmp-01", "--for=jsonpath={.status.state}=inactive", "--timeout=40s");
        await Task.Delay(TimeSpan.FromSeconds(2));
        lab.Mosk.Update(ResourceTypes.NodeWorkloadLocks, null, "openstack-cmp-01", o => o["status"]!["state"] = "inactive");
        var (exit, output, error) = await waiting;

        Assert.True(exit == 0, error);
        Assert.Contains("condition met", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_delete_of_a_finalized_object_leaves_it_terminating_and_logs_are_read_per_container()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        var pod = lab.Mosk.List(ResourceTypes.Pods, "tf").Items[0]["metadata"]!["name"]!.GetValue<string>();
        lab.Fake.Mosk.Logs.Append("tf", pod, "tf-vrouter-agent", "vrouter up\n");

        var delete = await lab.KubectlAsync("delete", "nodeworkloadlock", "openstack-cmp-03", "--wait=false");
        var terminating = await lab.KubectlAsync("get", "nodeworkloadlock", "openstack-cmp-03", "-o", "jsonpath={.metadata.deletionTimestamp}");
        var logs = await lab.KubectlAsync("logs", "-n", "tf", pod, "-c", "tf-vrouter-agent");

        Assert.Equal(0, delete.ExitCode);
        Assert.NotEmpty(terminating.Output);
        Assert.Equal("vrouter up\n", logs.Output);
    }

    [Fact]
    public async Task Kubectl_with_a_bad_token_is_told_it_is_unauthorized()
    {
        await using var lab = await KubeLab.StartAsync(options: Quiet);
        File.WriteAllText(lab.KubeconfigPath, File.ReadAllText(lab.KubeconfigPath).Replace(lab.Fake.Token, "wrong", StringComparison.Ordinal));

        var (exit, _, error) = await lab.KubectlAsync("get", "nodes");

        Assert.NotEqual(0, exit);
        Assert.True(error.Contains("You must be logged in to the server", StringComparison.Ordinal), error);   // kubectl's words for a 401
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
