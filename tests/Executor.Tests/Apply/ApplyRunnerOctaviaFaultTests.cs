using Executor.Apply;
using Executor.OpenStack;
using Executor.Tests.TestKit;
using Microsoft.Extensions.Time.Testing;
using Planner.Events;
using Planner.Plans;
using static Executor.Tests.Apply.ApplyFixtures;

namespace Executor.Tests.Apply;

/// <summary>
/// The runner with the real failover driver, client and session against an in-process Octavia whose reads fail, all on
/// a fake clock: minutes of retries and timeouts take seconds, and the outcome does not depend on how fast the machine is.
/// </summary>
public sealed class ApplyRunnerOctaviaFaultTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_TransientErrorsWhilePolling_EachLbFailedOverExactlyOnce()
    {
        // Given: 20 LBs, 5 at once; a fifth of all reads fail (503, reset, no answer), and every fourth LB's reads all
        // fail for 60 s after its failover: longer than one attempt's read retries, so that attempt ends unseen
        var clock = new FakeTimeProvider(Start);
        var plan = FailoverPlan(20, concurrency: 5, retry: "{attempts: 5, delay: 5s, backoff: 2}", max: "2m");
        var octavia = new FakeOctavia(clock, seed: 7)
        {
            ReadFaultRate = 0.2,
            OutageAfterFailover = (id, _) => Index(id) % 4 == 1 ? TimeSpan.FromSeconds(60) : TimeSpan.Zero,
        };

        // When
        var (result, events, client) = await ApplyAsync(plan, octavia, clock);

        // Then: all succeeded, with reads retried and some attempts lost, yet each LB saw exactly one failover PUT
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.All(octavia.Failovers, f => Assert.True(f.Value == 1, $"{f.Key}: {f.Value} failovers"));
        Assert.True(octavia.Faults > 20, $"{octavia.Faults} faults");
        var lost = events.Events.Count(e => e.Kind == RunEventKind.StepRetrying && e.Detail!.Contains("driver error", StringComparison.Ordinal));
        Assert.True(client.ReadRetries + lost == octavia.Faults, $"{client.ReadRetries} reads retried and {lost} attempts lost for {octavia.Faults} faults");
        var observed = events.Events.Where(e => e.Kind == RunEventKind.StepSubmitted && e.Attempt > 1 && e.Detail == ApplyRunner.ObservingDetail(1))
            .Select(e => e.Target!).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i % 4 == 1).Select(Id), observed);
        Assert.All(events.Events.Where(e => e.Kind == RunEventKind.StepFinished && e.Target is not null), e => Assert.Equal("succeeded", e.State));
    }

    [Fact]
    public async Task RunAsync_AnUnseenFailoverEndedInError_TheNextAttemptSendsANewOne()
    {
        // Given: lb-00's first failover ends in ERROR while its reads fail for 60 s (attempt 1 never sees it)
        var clock = new FakeTimeProvider(Start);
        var plan = FailoverPlan(1, retry: "{attempts: 5, delay: 5s, backoff: 2}", max: "2m");
        var octavia = new FakeOctavia(clock, seed: 3)
        {
            OutageAfterFailover = (_, failover) => failover == 1 ? TimeSpan.FromSeconds(60) : TimeSpan.Zero,
            EndsInError = (_, failover) => failover == 1,
        };

        // When
        var (result, events, _) = await ApplyAsync(plan, octavia, clock);

        // Then: a retry observed it (ERROR: failed, a verdict), the next one sent a second failover, which repaired it
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, octavia.Failovers[Id(0)]);
        Assert.Equal("ACTIVE", octavia.StatusOf(Id(0)));
        var lines = events.For(Id(0)).Where(e => e.Kind is RunEventKind.StepSubmitted or RunEventKind.StepRetrying).Select(e => e.Detail!).ToList();
        var error = lines.FindIndex(l => l.Contains("into ERROR during the failover", StringComparison.Ordinal));
        Assert.True(error > 0 && lines[error - 1].StartsWith("accepted in attempt", StringComparison.Ordinal), string.Join("\n", lines));
        Assert.StartsWith("failover accepted (was ERROR", lines[error + 1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Count(l => l.StartsWith("failover accepted", StringComparison.Ordinal)));
    }

    private static int Index(string id) => int.Parse(id.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);

    // Runs the plan with the real driver on the fake clock, moved 250 ms at a time while the run is not done.
    private static async Task<(ApplyResult Result, EventList Events, OctaviaClient Client)> ApplyAsync(ResolvedPlan plan, FakeOctavia octavia,
        FakeTimeProvider clock)
    {
        var recorded = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var target in plan.Operations.Single().Targets)
        {
            octavia.Add(target.Id);
            recorded[target.Id] = [octavia.AmphoraOf(target.Id)];
        }

        using var session = new OpenStackSession(new CloudConfig { Name = "fake", AuthKind = AuthKind.None, Endpoint = FakeOctavia.Url, Origin = "test" },
            octavia, clock);
        var client = new OctaviaClient(session);
        var driver = new OctaviaFailoverDriver(client, recordedAmphorae: recorded.GetValueOrDefault);
        var events = new EventList();
        var runner = new ApplyRunner(plan, new DriverSet([driver]), events, clock, new ApplyOptions { IgnoreWindows = true });
        var run = runner.RunAsync(clock.GetUtcNow(), null, 1, () => null, CancellationToken.None, CancellationToken.None);
        return (await FakeClock.RunAsync(clock, run, TimeSpan.FromMilliseconds(250), TimeSpan.FromHours(2)), events, client);
    }
}
