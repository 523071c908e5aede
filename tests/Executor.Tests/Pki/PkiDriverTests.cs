using Executor.Apply;
using Executor.Drivers;
using Executor.Pki;
using Executor.Tests.Apply;
using Executor.Tests.TestKit;
using Planner.Events;
using Planner.Plans;
using Tests.Shared;

namespace Executor.Tests.Pki;

/// <summary>octavia.pki under apply: the set written as certs generate writes it, the journal's facts, and resume never regenerating.</summary>
public sealed class PkiDriverTests : IDisposable
{
    private const string Variable = "MPLAN_TEST_PKI_PASSPHRASE";
    private const string Passphrase = "correct horse battery staple";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Apply_PkiOperation_WritesAVerifiableSetAndJournalsFingerprintsNeverKeys()
    {
        // Given
        var plan = Plan();

        // When
        var events = new EventList();
        var runner = new ApplyRunner(plan, new DriverSet([Driver(plan)]), events, TimeProvider.System, new ApplyOptions { IgnoreWindows = true });
        var result = await runner.RunAsync(DateTimeOffset.UtcNow, null, 1, () => null, CancellationToken.None, CancellationToken.None);

        // Then: the chain verifies with openssl, and the journal has paths and fingerprints but no key and no passphrase
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        var pki = _directory.Path("pki");
        OpenSsl.Ok("verify", "-CAfile", Path.Combine(pki, "controller_ca.pem"), Path.Combine(pki, "controller_cert.pem"));
        var fingerprint = OpenSsl.Ok("x509", "-noout", "-fingerprint", "-sha256", "-in", Path.Combine(pki, "issuing_ca.pem")).Split('=')[1].Trim();
        var lines = string.Join("\n", events.Events.Select(RunEventJson.ToLine));
        Assert.Contains(fingerprint.Replace(":", "", StringComparison.Ordinal), lines.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Path.Combine(pki, "controller_key.pem"), lines, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", lines, StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, lines, StringComparison.Ordinal);
        Assert.Single(events.Events, e => e.Kind == RunEventKind.StepSubmitted);
    }

    [Fact]
    public async Task Observe_SubmittedAndEveryFileWritten_SucceedsWithoutGeneratingAgain()
    {
        // Given: a set an interrupted run wrote
        var plan = Plan();
        var call = Call(plan);
        Assert.Equal(Planner.Scheduling.StepOutcome.Succeeded, (await Driver(plan).RunAsync(call, CancellationToken.None)).Outcome);
        var before = File.ReadAllText(_directory.Path("pki/issuing_ca.pem"));

        // When: resume observes the step whose writing had begun
        var observed = await Driver(plan).ObserveAsync(call, submitted: true, CancellationToken.None);

        // Then
        Assert.Equal(Planner.Scheduling.StepOutcome.Succeeded, observed!.Outcome);
        Assert.Contains("not generated again", observed.Detail, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(_directory.Path("pki/issuing_ca.pem")));
    }

    [Fact]
    public async Task Observe_SubmittedAndPartlyWritten_FailsAndGeneratesNothing()
    {
        // Given: the run was killed after writing one file
        var plan = Plan();
        Directory.CreateDirectory(_directory.Path("pki"));
        File.WriteAllText(_directory.Path("pki/issuing_ca.pem"), "half");

        // When
        var observed = await Driver(plan).ObserveAsync(Call(plan), submitted: true, CancellationToken.None);
        var notSubmitted = await Driver(plan).ObserveAsync(Call(plan), submitted: false, CancellationToken.None);

        // Then: a partial set is reported, never completed by a new set; an attempt that wrote nothing starts afresh
        Assert.Equal(Planner.Scheduling.StepOutcome.Failed, observed!.Outcome);
        Assert.Contains("wrote part of the set", observed.Detail, StringComparison.Ordinal);
        Assert.Equal("half", File.ReadAllText(_directory.Path("pki/issuing_ca.pem")));
        Assert.Null(notSubmitted);
    }

    [Fact]
    public async Task Run_PassphraseMissing_FailsNamingTheVariableAndWritesNothing()
    {
        // Given
        var plan = Plan();

        // When
        var result = await new PkiDriver(plan, _ => null, TimeProvider.System).RunAsync(Call(plan), CancellationToken.None);

        // Then
        Assert.Equal(Planner.Scheduling.StepOutcome.Failed, result.Outcome);
        Assert.Contains(Variable, result.Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Path("pki")));
    }

    private PkiDriver Driver(ResolvedPlan plan) => new(plan, name => name == Variable ? Passphrase : null, TimeProvider.System);

    private static AttemptCall Call(ResolvedPlan plan) =>
        new(plan.Graph.Steps.Single(s => s.Action == "generate"), PkiRequestBuilder.Uses, "", 1, _ => Task.CompletedTask);

    private ResolvedPlan Plan()
    {
        var text = $$$"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: pki}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {lab: {file: cluster.yaml}}
            operations:
              - id: pki
                uses: octavia.pki
                with:
                  keyType: ec-p256
                  passphrase: {env: {{{Variable}}}}
                  output: {dir: {{{_directory.Path("pki")}}}}
            """;
        return Plans.InMemory(text);
    }
}
