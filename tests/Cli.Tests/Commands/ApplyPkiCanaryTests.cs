using Cli.Tests.TestKit;
using Executor.Journal;
using Executor.Tests.OpenStack;
using Executor.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests.Commands;

/// <summary>
/// The bundled plans/octavia-pki-canary.yaml applied end to end on the real process and the real Octavia: the PKI is
/// generated and checked with openssl, the operator's gate is released by mplan approve from another process, and
/// the canary load balancer is built, checked and deleted.
/// </summary>
[Collection(OctaviaCollection.Name)]
public sealed class ApplyPkiCanaryTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _project = "mplan-pki-canary-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _directory.Dispose();

    [OctaviaFact]
    public async Task Apply_PkiCanaryExample_RunsEndToEndWithTheGateApprovedFromAnotherProcess()
    {
        // Given: the example as it is bundled, run from a scratch directory (its outputs are relative to it)
        var journal = _directory.Path("run.journal");
        var environment = new Dictionary<string, string?>
        {
            ["OS_AUTH_TYPE"] = "none", ["OS_ENDPOINT"] = OctaviaLab.Require(), ["OS_PROJECT_ID"] = _project, ["OS_CLOUD"] = null,
            ["HOME"] = _directory.Root, ["OS_CLIENT_CONFIG_FILE"] = _directory.Path("no-clouds.yaml"),
            ["OCTAVIA_CA_PASSPHRASE"] = "a passphrase for the test",
        };
        using var apply = MplanProcess.Start(_directory.Root, environment,
            "apply", Path.Combine(Repository.Root, "plans", "octavia-pki-canary.yaml"), "--auto-approve", "--ignore-window", "--journal", journal);

        // When: the run reaches the gate that asks the operator to apply the juju config, and an operator approves it
        await apply.WaitForGateAsync(TimeSpan.FromMinutes(2));
        var pki = _directory.Path("octavia-pki");
        var verified = OpenSsl.Ok("verify", "-CAfile", Path.Combine(pki, "controller_ca.pem"), Path.Combine(pki, "controller_cert.pem"));
        Assert.True(File.Exists(_directory.Path("octavia-pki-config.yaml")));
        using (var approve = MplanProcess.Start(_directory.Root, environment, "approve", journal, "--comment", "juju config applied"))
        {
            Assert.Equal(0, await approve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        // Then: everything ran once and succeeded, the canary is gone again, and no key reached the journal
        var exit = await apply.WaitForExitAsync(TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, string.Join("\n", apply.Lines) + await apply.ErrorAsync());
        Assert.Contains("OK", verified, StringComparison.Ordinal);
        var snapshot = JournalReader.Read(journal);
        Assert.All(snapshot.Steps, s => Assert.Equal("succeeded", s.State));
        Assert.Contains(snapshot.Steps, s => s.StepId.StartsWith("canary", StringComparison.Ordinal) && s.StepId.EndsWith("delete", StringComparison.Ordinal));
        Assert.Equal("juju config applied", snapshot.Gates.Single().Comment);
        var lines = string.Join("\n", JournalReader.Events(journal).Select(Planner.Events.RunEventJson.ToLine));
        Assert.DoesNotContain("PRIVATE KEY", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("a passphrase for the test", lines, StringComparison.Ordinal);
    }
}
