using System.Diagnostics;
using Executor.Apply;
using Executor.Shell;
using Executor.Tests.Apply;
using Executor.Tests.TestKit;
using Planner.Events;
using Planner.Plans;
using Tests.Shared;

namespace Executor.Tests.Shell;

/// <summary>shell.run under the real runner: quoting, exit codes, output in the journal, timeouts that kill the whole group.</summary>
public sealed class ShellDriverTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Run_TargetNamedLikeACommand_IsOneQuotedWordAndRunsNothingElse()
    {
        // Given: a target whose name would run touch if it were pasted into the command
        var plan = Plan($$$"""{targets: ["x; touch {{{_directory.Path("pwned")}}}", "it's"], command: "printf '%s\\n' {{ target }} >> {{{_directory.Path("out")}}}"}""");

        // When
        var (result, _) = await Apply(plan);

        // Then: each name arrived as one argument, and nothing else ran
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.Equal($"x; touch {_directory.Path("pwned")}\nit's\n", File.ReadAllText(_directory.Path("out")));
        Assert.False(File.Exists(_directory.Path("pwned")));
    }

    [Fact]
    public async Task Run_NonZeroExit_FailsWithTheCodeAndTheOutputInTheJournal()
    {
        // Given
        var plan = Plan("""{targets: [a], command: "echo checking {{ target }}; echo broken >&2; exit 3"}""");

        // When
        var (result, events) = await Apply(plan);

        // Then
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        var finished = events.Events.Single(e => e.Kind == RunEventKind.StepFinished);
        Assert.Equal("failed", finished.State);
        Assert.StartsWith("exit 3 after", finished.Detail, StringComparison.Ordinal);
        Assert.Contains("checking a", finished.Detail, StringComparison.Ordinal);
        Assert.Contains("broken", finished.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutputWithSecretsAndManyLines_IsMaskedAndCut()
    {
        // Given: a command that prints a password, a token header and 5,000 lines
        var plan = Plan("""{targets: [a], command: "echo password=hunter2; echo 'X-Auth-Token: gAAAAABnotarealtokenbutlongenough1234'; seq 1 5000"}""");

        // When
        var (_, events) = await Apply(plan);

        // Then
        var detail = events.Events.Single(e => e.Kind == RunEventKind.StepFinished).Detail!;
        Assert.DoesNotContain("hunter2", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("notarealtoken", detail, StringComparison.Ordinal);
        Assert.Contains("password=***", detail, StringComparison.Ordinal);
        Assert.Contains("characters cut", detail, StringComparison.Ordinal);
        Assert.EndsWith("5000", detail, StringComparison.Ordinal);
        Assert.True(detail.Length < ShellDriver.OutputLimit + 200, $"{detail.Length} characters kept");
    }

    [Fact]
    public async Task Run_TimesOut_TheWholeProcessGroupIsKilled()
    {
        // Given: a command that leaves a background sleep behind it, with a 1 s timeout
        var pidFile = _directory.Path("background.pid");
        var plan = Plan($$"""{targets: [a], command: "sleep 60 & echo $! > {{pidFile}}; wait"}""", "duration: {expected: 1s, max: 1s}");
        var clock = Stopwatch.StartNew();

        // When
        var (result, events) = await Apply(plan);

        // Then: the step failed on its timeout, promptly, and its background process is gone too
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal("timed out", events.Events.Single(e => e.Kind == RunEventKind.StepFinished).Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilGone(pid);
    }

    private static async Task WaitUntilGone(int pid)
    {
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}") && !IsZombie(pid); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(!Directory.Exists($"/proc/{pid}") || IsZombie(pid), $"process {pid} still runs");
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<(ApplyResult Result, EventList Events)> Apply(ResolvedPlan plan)
    {
        var events = new EventList();
        var runner = new ApplyRunner(plan, new DriverSet([new ShellDriver(plan, TimeProvider.System)]), events, TimeProvider.System,
            new ApplyOptions { IgnoreWindows = true, MaxIdle = TimeSpan.FromMilliseconds(50) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await runner.RunAsync(DateTimeOffset.UtcNow, null, 1, () => null, CancellationToken.None, timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the run did not end within 60 s");
        return (result, events);
    }

    // A one-operation shell.run plan: with (a flow mapping) and one more operation key, if any.
    private static ResolvedPlan Plan(string with, string? more = null)
    {
        var text = "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: shell}\nwindows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]\n" +
            "clusters: {lab: {file: cluster.yaml}}\noperations:\n  - id: run\n    uses: shell.run\n    retry: {attempts: 1}\n    with: " + with + "\n" +
            (more is null ? "" : $"    {more}\n");
        return Plans.InMemory(text);
    }
}
