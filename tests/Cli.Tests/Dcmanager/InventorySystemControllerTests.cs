using Cli.Tests.TestKit;

namespace Cli.Tests.Dcmanager;

/// <summary><c>mplan inventory --os-cloud NAME</c> against a system controller: subclouds, groups and kube-rootca sync status, as a cluster file plan accepts.</summary>
public sealed class InventorySystemControllerTests
{
    [Fact]
    public async Task Inventory_SystemController_WritesSubcloudsThePlanSelectsFrom()
    {
        // Given
        await using var lab = await DcmanagerLab.StartAsync(1);
        var file = Path.Combine(lab.Directory, "live.yaml");
        var environment = lab.Environment().Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!);

        // When
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["inventory", "--os-cloud", "dc-central", "--out", file], stdout, stderr, new FileSystemSource(), CancellationToken.None, environment);

        // Then: the same subclouds, groups and statuses as the file the fake serves; the plan makes the same selection from it
        Assert.True(exit == 0, stderr.ToString());
        Assert.Contains("wrote 40 subcloud(s) in 3 group(s)", stderr.ToString(), StringComparison.Ordinal);
        var yaml = await File.ReadAllTextAsync(file);
        Assert.Contains("""  - {name: "subcloud07", group: "edge-east", availability: "offline", management: "managed", kubeRootcaSync: out-of-sync}""", yaml, StringComparison.Ordinal);
        Assert.Contains("""  - {name: "edge-west", applyType: "serial", maxParallelSubclouds: 1}""", yaml, StringComparison.Ordinal);
        var (planExit, output, error) = await Mplan.RunAsync("plan", lab.Plan, "--cluster", $"dc-central={file}");
        Assert.True(planExit == 0, error);
        Assert.Contains("29 targets (11 skipped), 4 at once", output, StringComparison.Ordinal);
    }
}
