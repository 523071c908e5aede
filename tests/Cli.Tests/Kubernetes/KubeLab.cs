using System.Diagnostics;
using Cli.Tests.TestKit;
using Executor.Kubernetes;
using k8s;
using Planner.Diagnostics;
using Planner.Model;
using Planner.Plans;
using Simulator.Fakes.Kubernetes;
using Tests.Shared;

namespace Cli.Tests.Kubernetes;

/// <summary>
/// A fake Kubernetes started from a cluster file, with a kubeconfig it wrote, a KubernetesClient on it and a way to
/// run the real kubectl against it.
/// </summary>
internal sealed class KubeLab : IAsyncDisposable
{
    public const string Kubectl = "/usr/bin/kubectl";
    private readonly TempDirectory _directory = new();

    private KubeLab(FakeKubernetes fake)
    {
        Fake = fake;
        KubeconfigPath = _directory.Path("kubeconfig");
        fake.WriteKubeconfig(KubeconfigPath);
        Client = ClientFor(fake.Context);
    }

    public FakeKubernetes Fake { get; }

    public string KubeconfigPath { get; }

    /// <summary>A client on the MOSK context.</summary>
    public KubeClient Client { get; }

    public ObjectStore Mosk => Fake.Mosk.Store;

    public static async Task<KubeLab> StartAsync(string clusterFile = "plans/clusters/mosk-prod.yaml", FakeKubernetesOptions? options = null)
    {
        var fake = await FakeKubernetes.StartAsync(Load(clusterFile), options ?? new FakeKubernetesOptions { Speed = 600 });
        return new KubeLab(fake);
    }

    public static ClusterInventory Load(string clusterFile)
    {
        _ = Repository.Root;
        var diagnostics = new DiagnosticBag();
        return PlanBuilder.LoadCluster(clusterFile, new FileSystemSource(), diagnostics)
            ?? throw new InvalidOperationException(string.Join("\n", diagnostics.Sorted()));
    }

    public KubeClient ClientFor(string context) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, currentContext: context));

    /// <summary>Runs kubectl with this lab's kubeconfig; returns its exit code and outputs.</summary>
    public async Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args)
    {
        Assert.True(File.Exists(Kubectl), $"{Kubectl} is missing: apt-get install kubectl");
        var start = new ProcessStartInfo(Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = KubeconfigPath;
        start.Environment["HOME"] = _directory.Root;   // kubectl's discovery cache goes here, not into the user's home
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts kubectl without waiting for it (for <c>kubectl wait</c> and watches).</summary>
    public Task<(int ExitCode, string Output, string Error)> StartKubectl(params string[] args) => Task.Run(() => KubectlAsync(args));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Fake.DisposeAsync();
        _directory.Dispose();
    }
}
