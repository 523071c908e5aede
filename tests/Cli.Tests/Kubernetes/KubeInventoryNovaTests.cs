using System.Net;
using Cli.Tests.TestKit;
using Planner.Model;
using Simulator.Fakes.Keystone;
using Simulator.Fakes.Kubernetes;
using Tests.Shared;

namespace Cli.Tests.Kubernetes;

/// <summary>
/// <c>mplan inventory --kubeconfig --context --os-cloud</c>, the real process, against the fake Kubernetes and a fake
/// Keystone and Nova serving the same cluster file: each node's instances (and their maintenance tags) come from Nova,
/// page by page; without Nova the file is still written and says why the instances are missing.
/// </summary>
public sealed class KubeInventoryNovaTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Inventory_NovaReachable_EachNodesInstancesAreNovasServersOnIt()
    {
        // Given: mosk-prod's nodes in Kubernetes and their 52 servers in Nova, served 7 to a page
        var source = KubeLab.Load(Path.Combine(Repository.Root, "plans", "clusters", "mosk-prod.yaml"));
        await using var kubernetes = await FakeKubernetes.StartAsync(source, new FakeKubernetesOptions { Actors = false });
        await using var openstack = await FakeOpenStack.StartAsync(source, new IPEndPoint(IPAddress.Loopback, 0));
        openstack.Nova.MaxLimit = 7;

        // When
        var (exit, error) = await InventoryAsync(kubernetes, openstack.CloudsYaml("mosk-prod"));

        // Then: the file loads, every node has Nova's servers on it (ids, names, tags), and plan accepts it
        Assert.True(exit == 0, error);
        var live = KubeLab.Load(_directory.Path("live.yaml"));
        Assert.Equal("mosk-prod", live.OpenStackCloud);
        var servers = FakeServer.Of(source);
        foreach (var node in source.Nodes)
        {
            var read = live.Nodes.Single(n => n.Name == node.Name);
            Assert.Equal(node.InstanceCount, read.InstanceCount);
            var expected = servers.Where(s => s.Host == node.Name).Select(s => (s.Id, s.Name, s.Status, s.MaintenanceAction)).Order();
            Assert.Equal(expected, read.Instances.Select(i => (i.Id, i.Name, i.Status, i.MaintenanceAction)).Order());
        }

        Assert.Equal(["notify", "poweroff"], live.Nodes.Single(n => n.Name == "cmp-02").Instances.Select(i => i.MaintenanceAction).OfType<string>().Order());
        Assert.Contains($"mplan: {servers.Count} instance(s) from Nova on 10 node(s)", error, StringComparison.Ordinal);
        Assert.Contains("load balancers were not read: the token's catalog has no 'load-balancer' service", error, StringComparison.Ordinal);

        // Nova was paged by marker at microversion 2.26, across all projects
        var pages = openstack.Nova.Requests.Where(r => r.StartsWith("GET /compute/v2.1/servers/detail?", StringComparison.Ordinal)).ToList();
        Assert.Equal((servers.Count / 7) + 1, pages.Count);
        Assert.All(pages, p => Assert.Contains("all_tenants=1", p, StringComparison.Ordinal));
        Assert.All(pages.Skip(1), p => Assert.Contains("&marker=", p, StringComparison.Ordinal));

        var plan = await RunAsync("plan", Path.Combine(Repository.Root, "plans", "cluster-update.yaml"), "--cluster", "mosk-prod=" + _directory.Path("live.yaml"));
        Assert.True(plan.Exit == 0, plan.Error);
        Assert.Contains("cmp-02", plan.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inventory_NoComputeInTheCatalog_WritesTheFileAndSaysWhyInstancesAreMissing()
    {
        var source = KubeLab.Load(Path.Combine(Repository.Root, "plans", "clusters", "mosk-prod.yaml"));
        await using var kubernetes = await FakeKubernetes.StartAsync(source, new FakeKubernetesOptions { Actors = false });
        await using var openstack = await FakeOpenStack.StartAsync(source, new IPEndPoint(IPAddress.Loopback, 0));
        openstack.ComputeUrl = null;

        var (exit, error) = await InventoryAsync(kubernetes, openstack.CloudsYaml("mosk-prod"));

        Assert.True(exit == 0, error);
        Assert.Contains("mplan: instance counts were not read (nodes have no instances in the file): the token's catalog has no 'compute' service", error, StringComparison.Ordinal);
        var live = KubeLab.Load(_directory.Path("live.yaml"));
        Assert.All(live.Nodes, n => Assert.Equal(0, n.InstanceCount));
        Assert.Equal(source.Nodes.Length, live.Nodes.Length);
    }

    [Fact]
    public async Task Inventory_NovaRefusesAllTenants_WritesTheFileAndSaysNovasReason()
    {
        // Given: a cloud entry for a user without the admin role: Nova's policy refuses all_tenants (403)
        var source = KubeLab.Load(Path.Combine(Repository.Root, "plans", "clusters", "mosk-prod.yaml"));
        await using var kubernetes = await FakeKubernetes.StartAsync(source, new FakeKubernetesOptions { Actors = false });
        await using var openstack = await FakeOpenStack.StartAsync(source, new IPEndPoint(IPAddress.Loopback, 0));

        var (exit, error) = await InventoryAsync(kubernetes, openstack.CloudsYaml("mosk-prod", FakeOpenStack.Member));

        Assert.True(exit == 0, error);
        Assert.Contains("instance counts were not read (nodes have no instances in the file): GET /servers/detail: Nova answered 403 Forbidden: " +
            "Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inventory_NovaUnreachable_WritesTheFileAndSaysSo()
    {
        // Given: Keystone's catalog points Nova at a port where nothing listens
        var source = KubeLab.Load(Path.Combine(Repository.Root, "plans", "clusters", "mosk-prod.yaml"));
        await using var kubernetes = await FakeKubernetes.StartAsync(source, new FakeKubernetesOptions { Actors = false });
        await using var openstack = await FakeOpenStack.StartAsync(source, new IPEndPoint(IPAddress.Loopback, 0));
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        openstack.ComputeUrl = new Uri($"http://127.0.0.1:{port}/compute/v2.1");

        var (exit, error) = await InventoryAsync(kubernetes, openstack.CloudsYaml("mosk-prod"));

        Assert.True(exit == 0, error);
        Assert.Contains($"mplan: instance counts were not read (nodes have no instances in the file): GET http://127.0.0.1:{port}/compute/v2.1/servers/detail failed", error, StringComparison.Ordinal);
        Assert.Equal(source.Nodes.Length, KubeLab.Load(_directory.Path("live.yaml")).Nodes.Length);
    }

    private async Task<(int Exit, string Error)> InventoryAsync(FakeKubernetes kubernetes, string clouds)
    {
        kubernetes.WriteKubeconfig(_directory.Path("kubeconfig"));
        File.WriteAllText(_directory.Path("clouds.yaml"), clouds);
        var run = await RunAsync("inventory", "--kubeconfig", _directory.Path("kubeconfig"), "--context", "mosk-prod", "--os-cloud", "mosk-prod",
            "--out", _directory.Path("live.yaml"));
        return (run.Exit, run.Error);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var mplan = MplanProcess.Start(_directory.Root, MplanProcess.WithoutOpenStackVariables(new()
        {
            ["OS_CLIENT_CONFIG_FILE"] = _directory.Path("clouds.yaml"),
            ["KUBECONFIG"] = null,
            ["HOME"] = _directory.Root,
        }), args);
        var exit = await mplan.WaitForExitAsync(Limit);
        return (exit, string.Join("\n", mplan.Lines), await mplan.ErrorAsync());
    }
}
