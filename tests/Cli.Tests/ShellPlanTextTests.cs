using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests;

/// <summary>A reviewer reads what a per-target shell.run will run: the first commands, rendered and quoted, in the text plan.</summary>
public sealed class ShellPlanTextTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Plan_ShellRunWithTargets_ShowsTheFirstRenderedCommands()
    {
        // Given: five targets, one named like a command
        File.WriteAllText(_directory.Path("cluster.yaml"), "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: lab}\nloadBalancers: []\n");
        File.WriteAllText(_directory.Path("plan.yaml"), """
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: shell-review}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {lab: {file: cluster.yaml}}
            operations:
              - id: check
                uses: shell.run
                with: {targets: ["x; reboot", b, c, d, e], command: "ssh {{ target }} uptime"}
            """);

        // When
        var (exit, output, _) = await Mplan.RunAsync("plan", _directory.Path("plan.yaml"));

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("   > x; reboot: ssh 'x; reboot' uptime\n   > b: ssh b uptime\n   > c: ssh c uptime\n   > … and 2 more", output, StringComparison.Ordinal);
    }
}
