using Cli.Tests.TestKit;
using Executor.OpenStack;
using Executor.Tests.OpenStack;

namespace Cli.Tests.Commands;

[Collection(OctaviaCollection.Name)]
public sealed class InventoryCommandTests
{
    [OctaviaFact]
    public async Task Inventory_LiveOctavia_WritesClusterFilePlanAccepts()
    {
        // Given a seeded LB and a clouds.yaml naming the local Octavia (noauth)
        var project = "mplan-cli-" + Guid.NewGuid().ToString("N")[..8];
        await using var lab = new OctaviaLab(project);
        var id = (await lab.SeedAsync("cli-inventory", 1)).Single();
        var dir = Directory.CreateTempSubdirectory("mplan-inventory-").FullName;
        try
        {
            var clouds = Path.Combine(dir, "clouds.yaml");
            await File.WriteAllTextAsync(clouds, $"clouds:\n  local:\n    auth_type: none\n    auth:\n      endpoint: {OctaviaLab.Require()}\n");
            var cluster = Path.Combine(dir, "local.yaml");
            var environment = new Dictionary<string, string> { ["OS_CLIENT_CONFIG_FILE"] = clouds, ["HOME"] = dir };

            // When mplan inventory writes the cluster file
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CliApp.RunAsync(["inventory", "--os-cloud", "local", "--out", cluster, "--page-size", "2"], output, error,
                new FileSystemSource(), CancellationToken.None, environment);

            // Then it succeeded with progress on stderr, and mplan plan accepts the file and selects the seeded LB
            Assert.True(exit == 0, error.ToString());
            Assert.Contains("mplan: read load balancers:", error.ToString(), StringComparison.Ordinal);
            var plan = Path.Combine(dir, "plan.yaml");
            await File.WriteAllTextAsync(plan, "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: inv}\n" +
                "windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]\nclusters: {local: {file: local.yaml}}\n" +
                $"operations:\n  - id: failover\n    uses: octavia.loadbalancer-failover\n    select: {{projects: [{project}]}}\n");
            var (planExit, planOutput, planError) = await Mplan.RunAsync("plan", plan, "--format", "json");
            Assert.True(planExit == 0, planError);
            Assert.Contains(id, planOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Inventory_UnknownCloud_ClearErrorExit1()
    {
        // Given no clouds.yaml anywhere
        var environment = new Dictionary<string, string> { ["HOME"] = "/nonexistent-home", ["OS_CLIENT_CONFIG_FILE"] = "/nonexistent/clouds.yaml" };
        using var output = new StringWriter();
        using var error = new StringWriter();

        // When inventory is asked for a named cloud
        var exit = await CliApp.RunAsync(["inventory", "--os-cloud", "nowhere"], output, error, new FileSystemSource(), CancellationToken.None, environment);

        // Then it fails, naming the cloud and where it looked
        Assert.Equal(1, exit);
        Assert.Contains("cloud 'nowhere'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("/nonexistent/clouds.yaml", error.ToString(), StringComparison.Ordinal);
    }
}
