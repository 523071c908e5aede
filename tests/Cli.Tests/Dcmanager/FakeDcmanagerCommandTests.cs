using System.Text.RegularExpressions;
using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests.Dcmanager;

/// <summary>
/// <c>mplan fake dcmanager CLUSTER_FILE --listen 127.0.0.1:PORT --clouds-out FILE --speed N</c>, the command line tests
/// outside the project rely on: it serves until interrupted, and <c>mplan apply PLAN --os-cloud NAME</c> rehearses against it.
/// </summary>
public sealed partial class FakeDcmanagerCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task FakeDcmanager_ServesAndWritesClouds_ApplyRehearsesAgainstIt()
    {
        // Given: the fake as its own process, on a port of its choosing
        var clouds = _directory.Path("clouds.yaml");
        // No OS_* of the machine's (CI exports the real Octavia's OS_AUTH_TYPE and OS_ENDPOINT): only the fake's clouds.yaml
        var environment = MplanProcess.WithoutOpenStackVariables(new Dictionary<string, string?> { ["HOME"] = _directory.Root, ["CI"] = null });
        using var fake = MplanProcess.Start(Repository.Root, environment, "fake", "dcmanager", "plans/clusters/dc-central.yaml",
            "--listen", "127.0.0.1:0", "--clouds-out", clouds, "--speed", "4000");
        if (!await fake.WaitForLineAsync(l => l.Contains("serving until interrupted", StringComparison.Ordinal), TimeSpan.FromSeconds(60)))
        {
            Assert.Fail(await fake.ErrorAsync());
        }

        var yaml = await File.ReadAllTextAsync(clouds);
        Assert.Contains("  dc-central:\n", yaml, StringComparison.Ordinal);
        var password = Password().Match(yaml).Groups[1].Value;
        Assert.DoesNotContain(fake.Lines, l => l.Contains(password, StringComparison.Ordinal));

        // When: a rehearsal of one subcloud's update
        var plan = _directory.Path("one.yaml");
        await File.WriteAllTextAsync(plan, $"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {"{name: rehearsal}"}
            windows: [{"{start: 2026-12-08T01:00:00Z, duration: 6h, cutoff: 1h}"}]
            clusters: {"{dc-central: {file: " + Path.Combine(Repository.Root, "plans", "clusters", "dc-central.yaml") + "}}"}
            operations:
              - id: one
                uses: dcmanager.kube-rootca-update
                select: {"{subclouds: [subcloud01]}"}
                with: {"{expiryDate: \"2031-12-31\"}"}

            """);
        environment["OS_CLIENT_CONFIG_FILE"] = clouds;
        using var apply = MplanProcess.Start(_directory.Root, environment, "apply", plan, "--os-cloud", "dc-central", "--auto-approve", "--ignore-window",
            "--journal", _directory.Path("one.journal"));
        var exit = await apply.WaitForExitAsync(TimeSpan.FromSeconds(120));

        // Then
        Assert.True(exit == 0, string.Join("\n", apply.Lines) + await apply.ErrorAsync());
        Assert.Contains(apply.Lines, l => l.StartsWith("| subcloud01 | 3     | complete |", StringComparison.Ordinal));
        var error = await apply.ErrorAsync();
        Assert.DoesNotContain(apply.Lines.Append(error), l => l.Contains(password, StringComparison.Ordinal));
        Assert.True(await fake.KillAsync(), "the fake stopped by itself");
    }

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex Password();
}
