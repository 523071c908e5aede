using System.Globalization;
using System.Text;
using Cli.Tests.TestKit;
using Executor.Journal;
using Executor.Tests.Apply;
using Planner.Events;
using Tests.Shared;

namespace Cli.Tests.Commands;

/// <summary><c>mplan apply</c> end to end in memory, with a scripted failover driver in place of Octavia.</summary>
public sealed class ApplyCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _name = "apply-test-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Apply_PlanWithoutConfirmation_IsRefusedAndNothingIsWritten()
    {
        // Given: no terminal to ask on, no --auto-approve
        var plan = WritePlan(3);

        // When
        var (exit, _, error) = await Run(new ScriptedDriver(), "apply", plan, "--journal", Journal);

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("--auto-approve", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Journal));
    }

    [Fact]
    public async Task Apply_AutoApprove_RunsEveryTargetAndTheJournalShowsIt()
    {
        // Given
        var plan = WritePlan(4);
        var driver = new ScriptedDriver();

        // When
        var (exit, output, error) = await Run(driver, "apply", plan, "--auto-approve", "--ignore-window", "--journal", Journal);

        // Then
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal(4, driver.Runs.Count);
        Assert.Contains("failover/lb-02: succeeded", output, StringComparison.Ordinal);
        Assert.Contains("Run succeeded", output, StringComparison.Ordinal);
        Assert.Contains("  SUCCESS: 4  FAILED: 0  RECOVERY_FAILED: 0  SKIPPED: 0  CANCELLED: 0\n", output, StringComparison.Ordinal);
        var snapshot = JournalReader.Read(Journal);
        Assert.All(snapshot.Steps, s => Assert.Equal("succeeded", s.State));
        Assert.Equal("finished", snapshot.Run.State);
    }

    [Fact]
    public async Task Apply_FormatJson_EveryLineIsAnEventOfTheSchema()
    {
        // Given
        var plan = WritePlan(2);

        // When
        var (exit, output, _) = await Run(new ScriptedDriver(), "apply", plan, "--auto-approve", "--ignore-window", "--format", "json", "--journal", Journal);

        // Then: stdout holds only events, one per line (the review and the summary go to stderr)
        Assert.Equal(ExitCodes.Success, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RunEventKind.RunStarted, RunEventJson.Parse(lines[0]).Kind);
        Assert.Equal(RunEventKind.RunFinished, RunEventJson.Parse(lines[^1]).Kind);
        Assert.All(lines, line => Assert.Empty(SchemaCheck.Validate(line, "events.v1.schema.json").Items));
    }

    [Fact]
    public async Task Apply_SavedPlanWhoseClusterChanged_IsRefusedNamingTheFile()
    {
        // Given: a saved plan, then the inventory changes
        var plan = WritePlan(2);
        var saved = _directory.Path("plan.saved.json");
        Assert.Equal(ExitCodes.Success, (await Mplan.RunAsync("plan", plan, "--out", saved)).ExitCode);
        File.AppendAllText(_directory.Path("cluster.yaml"), "  - {id: lb-99, name: lb-99, project: p, provider: amphora, provisioningStatus: ACTIVE, operatingStatus: ONLINE}\n");

        // When
        var (exit, _, error) = await Run(new ScriptedDriver(), "apply", saved, "--ignore-window", "--journal", Journal);

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("stale", error, StringComparison.Ordinal);
        Assert.Contains("cluster.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_SavedPlan_RunsWithoutAskingAsReviewed()
    {
        // Given
        var plan = WritePlan(2);
        var saved = _directory.Path("plan.saved.json");
        Assert.Equal(ExitCodes.Success, (await Mplan.RunAsync("plan", plan, "--out", saved)).ExitCode);
        var driver = new ScriptedDriver();

        // When
        var (exit, _, error) = await Run(driver, "apply", saved, "--ignore-window", "--journal", Journal);

        // Then
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal(2, driver.Runs.Count);
    }

    [Fact]
    public async Task Apply_AbortedThenResumed_FinishesWithoutRepeatingAStep()
    {
        // Given: one worker, slow failovers; an abort is requested while the first is in flight
        var plan = WritePlan(3, concurrency: 1);
        var slow = new ScriptedDriver { Duration = TimeSpan.FromSeconds(2) };
        var first = Run(slow, "apply", plan, "--auto-approve", "--ignore-window", "--journal", Journal);
        await JournalProbe.WaitUntil(() => JournalProbe.Submitted(Journal));
        Assert.Equal(ExitCodes.Success, (await Mplan.RunAsync("abort", Journal)).ExitCode);
        var (abortedExit, _, _) = await first;

        // When
        var resumed = new ScriptedDriver();
        var (exit, _, error) = await Run(resumed, "apply", "--resume", Journal, "--ignore-window");

        // Then: the aborted run needed an operator; the resume ran only the two that never ran
        Assert.Equal(ExitCodes.NeedsOperator, abortedExit);
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Single(slow.Runs);
        Assert.Equal(2, resumed.Runs.Count);
        Assert.DoesNotContain(slow.Runs.Single(), resumed.Runs);
        Assert.All(JournalReader.Read(Journal).Steps, s => Assert.Equal("succeeded", s.State));
    }

    private string Journal => _directory.Path("run.journal");

    private async Task<(int ExitCode, string Output, string Error)> Run(ScriptedDriver driver, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(TextWriter.Synchronized(output), TextWriter.Synchronized(error), new FileSystemSource()) { Drivers = (_, _) => [driver] };
        var exit = await CliApp.RunAsync(args, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private string WritePlan(int count, int concurrency = 2)
    {
        var cluster = new StringBuilder("apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: test}\nloadBalancers:\n");
        for (var i = 0; i < count; i++)
        {
            cluster.Append(CultureInfo.InvariantCulture, $"  - {{id: lb-{i:00}, name: lb-{i:00}, project: p, provider: amphora, provisioningStatus: ACTIVE, operatingStatus: ONLINE}}\n");
        }

        File.WriteAllText(_directory.Path("cluster.yaml"), cluster.ToString());
        File.WriteAllText(_directory.Path("plan.yaml"), $$$"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: {{{_name}}}}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h, cutoff: 15m}]
            clusters: {test: {file: cluster.yaml}}
            operations:
              - id: failover
                uses: octavia.loadbalancer-failover
                cluster: test
                concurrency: {{{concurrency}}}
                duration: {expected: 100ms, max: 5s}
                retry: {attempts: 2, delay: 50ms}
            """);
        return _directory.Path("plan.yaml");
    }
}
