using Cli.Tests.TestKit;
using Planner.Diagnostics;
using Planner.Plans;
using Simulator.Fakes.Kubernetes;
using Tests.Shared;

namespace Cli.Tests.Kubernetes;

/// <summary><c>mplan inventory --kubeconfig --context</c> against the fake MOSK API: the cluster file's MOSK sections.</summary>
public sealed class KubeInventoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Inventory_FakeMosk_WritesTheDeploymentAndNodesAsAClusterFilePlanReads()
    {
        // Given: the fake serving the example MOSK cluster, and its kubeconfig
        var (source, fake, kubeconfig) = await ServeAsync("mosk-prod.yaml");
        await using var serving = fake;
        var written = _directory.Path("live.yaml");

        // When
        var (exit, _, error) = await Mplan.RunAsync("inventory", "--kubeconfig", kubeconfig, "--context", "mosk-prod", "--out", written);

        // Then: the file loads, and says what the live objects say
        Assert.True(exit == 0, error);
        Assert.Contains($"wrote {source.Nodes.Length} node(s) and the OpenStackDeployment", error, StringComparison.Ordinal);
        var live = LoadCluster(written);
        Assert.Equal("mosk-prod", live.Kubernetes.Context);
        Assert.Equal((source.Deployment!.Name, source.Deployment.State, source.Deployment.Health.Count), (live.Deployment!.Name, live.Deployment.State, live.Deployment.Health.Count));
        Assert.Equal(source.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal), live.Nodes.Select(n => n.Name));
        foreach (var node in source.Nodes)
        {
            var read = live.Nodes.Single(n => n.Name == node.Name);
            Assert.Equal((string.Join(",", node.Roles.Order()), node.AvailabilityZone), (string.Join(",", read.Roles.Order()), read.AvailabilityZone));
            Assert.Equal(node.Annotations, read.Annotations);
        }
    }

    [Fact]
    public async Task Inventory_RotationCluster_ReadsRotationIdAndFailoverWorkers()
    {
        var (source, fake, kubeconfig) = await ServeAsync("osh-dev.yaml");
        await using var serving = fake;

        var (exit, output, error) = await Mplan.RunAsync("inventory", "--kubeconfig", kubeconfig);

        Assert.True(exit == 0, error);
        File.WriteAllText(_directory.Path("live.yaml"), output);
        var live = LoadCluster(_directory.Path("live.yaml"));
        Assert.Equal(source.Deployment!.AmphoraRotationId, live.Deployment!.AmphoraRotationId);
        Assert.Equal(source.Deployment.FailoverWorkers, live.Deployment.FailoverWorkers);
    }

    [Fact]
    public async Task Inventory_UnknownContext_IsAClearError()
    {
        var (source, fake, kubeconfig) = await ServeAsync("osh-dev.yaml");
        await using var serving = fake;

        var (exit, _, error) = await Mplan.RunAsync("inventory", "--kubeconfig", kubeconfig, "--context", "nope");

        Assert.Equal(1, exit);
        Assert.Contains("has no context 'nope' (it has: osh-dev)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inventory_ExecCredentialPlugin_RunsItAndSendsItsToken()
    {
        // Given: the fake's kubeconfig with its token replaced by an exec plugin (client.authentication.k8s.io/v1) that
        // prints the token as an ExecCredential, run as a process (in CI: the installed Native AOT tool, whose JSON is
        // generated at build time)
        var (source, fake, kubeconfig) = await ServeAsync("osh-dev.yaml");
        await using var serving = fake;
        var lines = File.ReadAllLines(kubeconfig);
        var tokenLine = Array.FindIndex(lines, l => l.TrimStart().StartsWith("token: ", StringComparison.Ordinal));
        var token = lines[tokenLine].Trim()["token: ".Length..].Trim('"');
        var plugin = _directory.Path("credential-plugin.sh");
        var ran = _directory.Path("plugin-ran");
        File.WriteAllText(plugin, $$$"""
            #!/bin/sh
            touch '{{{ran}}}'
            printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"{{{token}}}"}}'
            """);
        lines[tokenLine] = $"    exec: {{apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ['{plugin}'], interactiveMode: Never}}";
        File.WriteAllLines(kubeconfig, lines);
        var written = _directory.Path("live.yaml");

        // When
        using var inventory = MplanProcess.Start(_directory.Root, new Dictionary<string, string?>(), "inventory", "--kubeconfig", kubeconfig, "--out", written);
        var exit = await inventory.WaitForExitAsync(TimeSpan.FromSeconds(60));

        // Then: the plugin ran and the fake, which refuses requests without its token, answered
        Assert.True(exit == 0, await inventory.ErrorAsync());
        Assert.True(File.Exists(ran), "the credential plugin did not run");
        Assert.Equal(source.Deployment!.Name, LoadCluster(written).Deployment!.Name);
    }

    /// <summary>The fake serving a bundled cluster file (no actors), and the kubeconfig it wrote.</summary>
    private async Task<(Planner.Model.ClusterInventory Source, FakeKubernetes Fake, string Kubeconfig)> ServeAsync(string clusterFile)
    {
        var source = LoadCluster(Path.Combine(Repository.Root, "plans", "clusters", clusterFile));
        var fake = await FakeKubernetes.StartAsync(source, new FakeKubernetesOptions { Actors = false });
        var kubeconfig = _directory.Path("kubeconfig");
        fake.WriteKubeconfig(kubeconfig);
        return (source, fake, kubeconfig);
    }

    private static Planner.Model.ClusterInventory LoadCluster(string path)
    {
        var diagnostics = new DiagnosticBag();
        var cluster = PlanBuilder.LoadCluster(path, new FileSystemSource(), diagnostics);
        Assert.True(cluster is not null && !diagnostics.HasErrors, string.Join("\n", diagnostics.Sorted()));
        return cluster;
    }
}
