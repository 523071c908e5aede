using Executor.Apply;
using Executor.Drivers;
using Planner.Diagnostics;
using Planner.Events;
using Planner.Plans;
using Tests.Shared;

namespace Executor.Tests.Apply;

/// <summary>
/// A follow-up failover (select afterRotation: failed) under apply: the scheduler skips the LBs Rockoon's Job
/// handled, the journal records why, no driver is called for them, and an LB the follow-up recovered is no failure.
/// </summary>
public sealed class ApplyRunnerFollowUpTests
{
    [Fact]
    public async Task RunAsync_TheJobFailsOneLoadBalancer_OnlyThatOneIsFailedOverAgain_TheOthersAreJournalledSkipped()
    {
        // Given: the Job leaves lb-01 FAILED
        var plan = Plan();
        var driver = new JobDriver { JobFails = "lb-01" };

        // When
        var (result, events) = await Run(plan, driver);

        // Then
        Assert.Equal(["failover:lb-01"], driver.FailedOver);
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        foreach (var lb in new[] { "lb-00", "lb-02" })
        {
            var own = events.Events.Where(e => e.Step == $"failover/{lb}").ToList();
            var finished = Assert.Single(own);
            Assert.Equal((RunEventKind.StepFinished, "skipped"), (finished.Kind, finished.State));
            Assert.Equal($"not needed: rotate/{lb} succeeded (SUCCESS)", finished.Detail);
        }
    }

    [Fact]
    public async Task RunAsync_TheFollowUpFailsToo_TheRunFailed()
    {
        // Given
        var plan = Plan();
        var driver = new JobDriver { JobFails = "lb-01", FollowUpFails = true };

        // When
        var (result, _) = await Run(plan, driver);

        // Then
        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
    }

    private static ResolvedPlan Plan()
    {
        var cluster = "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: test}\nopenstackDeployment: {name: osdpl, state: APPLIED}\nloadBalancers:\n" +
            string.Concat(Enumerable.Range(0, 3).Select(i => $"  - {{id: lb-{i:00}, name: lb-{i:00}, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{{id: a{i}}}]}}\n"));
        var plan = """
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: follow-up-test}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {test: {file: cluster.yaml}}
            operations:
              - {id: rotate, uses: mosk.rotate-certificates, duration: {expected: 100ms, max: 2s}}
              - {id: failover, uses: octavia.loadbalancer-failover, needs: [rotate], select: {afterRotation: failed}, retry: {attempts: 1}, duration: {expected: 100ms, max: 2s}}
            """;
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("cluster.yaml", cluster), new Dictionary<string, string>(), diagnostics);
        Assert.True(resolved is not null, string.Join("\n", diagnostics.Items));
        return resolved!;
    }

    private static async Task<(ApplyResult Result, EventList Events)> Run(ResolvedPlan plan, JobDriver driver)
    {
        var events = new EventList();
        var runner = new ApplyRunner(plan, new DriverSet([driver]), events, TimeProvider.System,
            new ApplyOptions { AbortPollInterval = TimeSpan.FromMilliseconds(10), MaxIdle = TimeSpan.FromMilliseconds(50), IgnoreWindows = true });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await runner.RunAsync(DateTimeOffset.UtcNow, null, 1, () => null, CancellationToken.None, timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the run did not end within 30 s");
        return (result, events);
    }

    // Answers every step of the rotation at once (the Job's result for one LB as scripted) and the follow-up's failovers.
    private sealed class JobDriver : IStepDriver
    {
        public string? JobFails { get; init; }

        public bool FollowUpFails { get; init; }

        public System.Collections.Concurrent.ConcurrentQueue<string> FailedOver { get; } = new();

        public bool Handles(string uses, string action) => uses is "mosk.rotate-certificates" or "octavia.loadbalancer-failover";

        public Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
        {
            var lb = call.Step.TargetId;
            if (call.Step.Action == "failover")
            {
                FailedOver.Enqueue($"failover:{lb}");
                return Task.FromResult(FollowUpFails ? AttemptResult.Failure("went to ERROR") : AttemptResult.Success("ACTIVE"));
            }

            return Task.FromResult(call.Step.Action == "job-failover" && lb == JobFails ? AttemptResult.Failure("the Job: FAILED") : AttemptResult.Success());
        }

        public Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken) => Task.FromResult<AttemptResult?>(null);
    }
}
