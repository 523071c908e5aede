using Planner.Diagnostics;
using Planner.Plans;
using Simulator.Behaviour;
using Simulator.Fakes.Dcmanager;
using Tests.Shared;

namespace Cli.Tests.TestKit;

/// <summary>
/// The example plan <c>plans/kube-rootca-update.yaml</c> and its cluster <c>dc-central</c>, copied into a scratch
/// directory (optionally edited, with a behaviour section), a fake system controller (Keystone + dcmanager) serving
/// that cluster in this process, and the clouds.yaml and environment a real <c>mplan apply</c> needs to reach it.
/// </summary>
internal sealed class DcmanagerLab : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private DcmanagerLab(TempDirectory directory, FakeDcmanager fake)
    {
        _directory = directory;
        Fake = fake;
    }

    public FakeDcmanager Fake { get; }

    public string Directory => _directory.Root;

    public string Journal => _directory.Path("run.journal");

    public string Plan => _directory.Path("kube-rootca-update.yaml");

    /// <summary>The scratch copy of the plan and cluster, edited, and a fake serving the cluster at <paramref name="speed"/>.</summary>
    /// <param name="speed">How much faster than real time the fake's subclouds update.</param>
    /// <param name="editPlan">Changes the example plan's text.</param>
    /// <param name="behaviour">A behaviour section appended to the cluster file (YAML, without the key).</param>
    public static async Task<DcmanagerLab> StartAsync(double speed, Func<string, string>? editPlan = null, string? behaviour = null)
    {
        var scratch = new TempDirectory();
        System.IO.Directory.CreateDirectory(scratch.Path("clusters"));
        var plan = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "plans", "kube-rootca-update.yaml"));
        await File.WriteAllTextAsync(scratch.Path("kube-rootca-update.yaml"), editPlan is null ? plan : editPlan(plan));
        var cluster = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "plans", "clusters", "dc-central.yaml"));
        await File.WriteAllTextAsync(scratch.Path("clusters/dc-central.yaml"), behaviour is null ? cluster : cluster + "behaviour:\n" + behaviour);
        return new DcmanagerLab(scratch, await StartFakeAsync(scratch.Path("clusters/dc-central.yaml"), speed));
    }

    /// <summary>The environment of a real mplan that reaches the fake by <c>--os-cloud dc-central</c>.</summary>
    public Dictionary<string, string?> Environment() => new()
    {
        ["OS_CLIENT_CONFIG_FILE"] = _directory.Path("clouds.yaml"),
        ["HOME"] = _directory.Root,
        ["OS_CLOUD"] = null, ["OS_AUTH_URL"] = null, ["OS_ENDPOINT"] = null, ["OS_AUTH_TYPE"] = null, ["CI"] = null,
    };

    /// <summary>Starts <c>mplan apply</c> of the scratch plan against the fake (now, not at the plan's windows, unless <paramref name="windows"/>).</summary>
    public MplanProcess StartApply(bool windows = false, params string[] more) => MplanProcess.Start(Directory, Environment(),
        [.. new[] { "apply", Plan, "--os-cloud", "dc-central", "--auto-approve", "--journal", Journal }, .. windows ? [] : new[] { "--ignore-window" }, .. more]);

    /// <summary>Waits for the plan's approval gate and approves it, as the operator would.</summary>
    public async Task ApproveStartAsync(MplanProcess apply)
    {
        var gate = await apply.WaitForGateAsync(TimeSpan.FromSeconds(60));
        var (exit, _, error) = await Mplan.RunAsync("approve", Journal, gate, "--by", "test");
        Assert.True(exit == 0, error);
    }

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        _directory.Dispose();
    }

    private static async Task<FakeDcmanager> StartFakeAsync(string clusterFile, double speed)
    {
        var diagnostics = new DiagnosticBag();
        var cluster = PlanBuilder.LoadCluster(clusterFile, new FileSystemSource(), diagnostics) ?? throw new InvalidOperationException(string.Join("\n", diagnostics.Sorted()));
        var behaviour = BehaviourBinder.Bind(cluster, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Sorted()));
        var fake = await FakeDcmanager.StartAsync(cluster, behaviour, DcmanagerRelease.V12, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), speed, TimeProvider.System);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(clusterFile))!, "clouds.yaml"), fake.CloudsYaml("dc-central"));
        return fake;
    }
}
