using System.Text.Json;
using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests.Commands;

/// <summary>
/// Gates on the real process: <c>mplan apply</c> waits at an approval step or a paused failure policy, and
/// <c>mplan approve</c>, a process of its own, releases it. shell.run steps show what ran, in runs.log.
/// </summary>
public sealed class ApplyGateTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    public ApplyGateTests() => File.WriteAllText(_directory.Path("cluster.yaml"), "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: lab}\nloadBalancers: []\n");

    public void Dispose() => _directory.Dispose();

    private string Journal => _directory.Path("run.journal");

    private string RunsLog => File.Exists(_directory.Path("runs.log")) ? File.ReadAllText(_directory.Path("runs.log")) : "";

    [Fact]
    public async Task Apply_ApprovalGate_ReleasedByApproveFromAnotherProcess()
    {
        // Given: a run waiting at its gate, after the step before it
        WritePlan(GatePlan("{message: Look at runs.log}"));
        using var apply = StartApply();
        var gate = await WaitForGate(apply);
        Assert.Equal("before\n", RunsLog);

        // When
        var (approveExit, approveOutput) = await Mplan("approve", Journal, gate, "--by", "alice", "--comment", "runs.log looks fine");

        // Then: the run goes on past the gate and ends well; the journal says who, when and why
        Assert.True(approveExit == 0, approveOutput);
        Assert.Equal(0, await apply.WaitForExitAsync(Limit));
        Assert.Equal("before\nafter\n", RunsLog);
        var shown = (await Gates()).Single();
        Assert.Equal(("approved", "alice", "runs.log looks fine"), (shown.GetProperty("state").GetString(), shown.GetProperty("approved_by").GetString(), shown.GetProperty("comment").GetString()));
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("closed_at").ValueKind);
    }

    [Fact]
    public async Task Apply_KilledWhileWaitingAtAGate_ResumeWaitsAgainAndRunsNothingTwice()
    {
        // Given: a run killed while it waits at its gate
        WritePlan(GatePlan("{message: Look at runs.log}"));
        using (var apply = StartApply())
        {
            await WaitForGate(apply);
            Assert.True(await apply.KillAsync());
        }

        var (showExit, show) = await Mplan("show", Journal);
        Assert.Equal(0, showExit);
        Assert.Contains("waits since", show, StringComparison.Ordinal);

        // When: resumed, then approved
        using var resumed = MplanProcess.Start(_directory.Root, new Dictionary<string, string?>(), "apply", "--resume", Journal, "--ignore-window");
        var gate = await WaitForGate(resumed);
        var stillBefore = RunsLog;
        var (approveExit, _) = await Mplan("approve", Journal, "--by", "bob");

        // Then: the gate waited again, the step before it did not run again, and the run finished
        Assert.Equal("before\n", stillBefore);
        Assert.Equal(0, approveExit);
        Assert.Equal(0, await resumed.WaitForExitAsync(Limit));
        Assert.Equal("before\nafter\n", RunsLog);
        Assert.Equal("bob", (await Gates()).Single(g => g.GetProperty("id").GetString() == gate).GetProperty("approved_by").GetString());
    }

    [Fact]
    public async Task Apply_PausedFailurePolicy_ContinuesWithApprove()
    {
        // Given: three targets one at a time; b fails and the policy pauses the run
        WritePlan("""
              - id: run
                uses: shell.run
                concurrency: 1
                failurePolicy: {maxErrors: 0, onExceeded: pause}
                with:
                  targets: [a, b, c]
                  command: "test {{ target }} != b && echo {{ target }} >> runs.log"
            """);
        using var apply = StartApply();
        var gate = await WaitForGate(apply);
        var whilePaused = RunsLog;

        // When
        var (approveExit, _) = await Mplan("approve", Journal, gate);

        // Then: nothing new started while paused; after approval c ran, and the run ends with b's failure
        Assert.Equal("run:pause-1", gate);
        Assert.Equal("a\n", whilePaused);
        Assert.Equal(0, approveExit);
        Assert.Equal(ExitCodes.Failed, await apply.WaitForExitAsync(Limit));
        Assert.Equal("a\nc\n", RunsLog);
    }

    [Fact]
    public async Task Approve_TwoAtOnce_ReleaseTheGateOnce()
    {
        // Given
        WritePlan(GatePlan("{message: Look at runs.log}"));
        using var apply = StartApply();
        var gate = await WaitForGate(apply);

        // When: two operators approve at the same moment
        var first = Mplan("approve", Journal, gate, "--by", "alice");
        var second = Mplan("approve", Journal, gate, "--by", "bob");
        var results = await Task.WhenAll(first, second);

        // Then: one wins, the other is told it was already approved; the gate closed once and the step ran once
        Assert.Equal([0, 1], results.Select(r => r.Exit).Order());
        Assert.Contains("already approved by", results.Single(r => r.Exit == 1).Output, StringComparison.Ordinal);
        Assert.Equal(0, await apply.WaitForExitAsync(Limit));
        var events = Events();
        Assert.Single(events, e => e.GetProperty("event").GetString() == "gate_closed");
        Assert.Single(events, e => e.GetProperty("event").GetString() == "step_finished" && e.GetProperty("step").GetString() == gate);
        Assert.Equal("before\nafter\n", RunsLog);
    }

    [Fact]
    public async Task Apply_GateTimesOut_TheStepFailsAndApproveSaysItDoesNotWait()
    {
        // Given: a gate that waits at most 2 s
        WritePlan(GatePlan("{message: Nobody answers}", "\n    duration: {max: 2s}"));
        using var apply = StartApply();
        var gate = await WaitForGate(apply);

        // When: nobody approves in time
        var exit = await apply.WaitForExitAsync(Limit);
        var (approveExit, approveOutput) = await Mplan("approve", Journal, gate);

        // Then: the gate failed the run, what needed it did not run, and a late approval is refused
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("before\n", RunsLog);
        Assert.Equal("timed_out", (await Gates()).Single().GetProperty("state").GetString());
        Assert.Equal(1, approveExit);
        Assert.Contains("does not wait: it is timed out", approveOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_NoGateWaits_SaysSoAndExitsOne()
    {
        // Given: a run that went through without gates
        WritePlan("""
              - id: before
                uses: shell.run
                with: {command: "echo before >> runs.log"}
            """);
        using var apply = StartApply();
        Assert.Equal(0, await apply.WaitForExitAsync(Limit));

        // When
        var (exit, output) = await Mplan("approve", Journal);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains("no gate waits for approval", output, StringComparison.Ordinal);
    }

    private static string GatePlan(string gateWith, string gateExtra = "") => $$"""
          - id: before
            uses: shell.run
            with: {command: "echo before >> runs.log"}
          - id: check
            uses: manual.approval
            needs: [before]
            with: {{gateWith}}{{gateExtra}}
          - id: after
            uses: shell.run
            needs: [check]
            with: {command: "echo after >> runs.log"}
        """;

    private void WritePlan(string operations) => File.WriteAllText(_directory.Path("plan.yaml"), $"""
        apiVersion: mplan/v1
        kind: MaintenancePlan
        metadata: {"{"}name: gates{"}"}
        windows: [{"{"}start: 2026-12-05T22:00:00Z, duration: 4h{"}"}]
        clusters: {"{"}lab: {"{"}file: cluster.yaml{"}"}{"}"}
        operations:
        {operations}
        """);

    private MplanProcess StartApply() =>
        MplanProcess.Start(_directory.Root, new Dictionary<string, string?>(), "apply", "plan.yaml", "--auto-approve", "--ignore-window", "--journal", Journal);

    private static Task<string> WaitForGate(MplanProcess apply) => apply.WaitForGateAsync(Limit);

    private async Task<(int Exit, string Output)> Mplan(params string[] args)
    {
        using var process = MplanProcess.Start(_directory.Root, new Dictionary<string, string?>(), args);
        var exit = await process.WaitForExitAsync(Limit);
        return (exit, string.Join("\n", process.Lines) + "\n" + await process.ErrorAsync());
    }

    private async Task<List<JsonElement>> Gates() =>
        [.. JsonDocument.Parse((await TestKit.Mplan.RunAsync("show", Journal, "--format", "json")).Output).RootElement.GetProperty("gates").EnumerateArray()];

    private List<JsonElement> Events() =>
        [.. Executor.Journal.JournalReader.Events(Journal).Select(e => JsonDocument.Parse(Planner.Events.RunEventJson.ToLine(e)).RootElement)];
}
