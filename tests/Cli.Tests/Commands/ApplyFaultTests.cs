using System.Diagnostics;
using System.Text.Json;
using Cli.Tests.TestKit;
using Executor.Tests.OpenStack;
using Planner.Events;
using Tests.Shared;
using Xunit.Abstractions;

namespace Cli.Tests.Commands;

/// <summary>
/// The real <c>mplan apply</c> against the real Octavia through the fault proxy (<c>scripts/octavia-fault-proxy.py</c>):
/// a tenth of all requests get a 5xx, a reset connection (before or after Octavia saw them), a slow answer or a 409.
/// Every load balancer ends with a state and a reason, each is failed over exactly once (Octavia's own database says),
/// and no attempt or retry wait outlasts what the plan allows (the journal's times say).
/// </summary>
[Collection(OctaviaCollection.Name)]
public sealed class ApplyFaultTests(ITestOutputHelper output)
{
    private const int LoadBalancers = 60;
    private const int Seed = 20261206;
    private static readonly TimeSpan AttemptLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private const double Backoff = 2;

    // The journal's times are in seconds with 3 decimals.
    private static readonly TimeSpan Rounding = TimeSpan.FromMilliseconds(2);

    // How late the runner may notice a deadline or a due retry: it wakes at the next one, and at least every second.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    [OctaviaFact]
    public async Task Apply_TenPercentOfRequestsFaulted_EveryLbEndsWithAReasonFailedOverOnceWithinTheTimeouts()
    {
        // Given: 60 ACTIVE LBs in a project of their own, their inventory, a plan 5 at once, and the proxy in front of Octavia
        var url = OctaviaLab.Require();
        var project = "mplan-faults-" + Guid.NewGuid().ToString("N")[..8];
        await using var lab = new OctaviaLab(project);
        var clock = Stopwatch.StartNew();
        var ids = await lab.SeedAsync("fault", LoadBalancers);
        output.WriteLine($"seeded {LoadBalancers} LBs in {clock.Elapsed.TotalSeconds:F1} s");
        using var directory = new TempDirectory();
        await OctaviaApply.WriteInventoryAsync(directory.Path("cluster.yaml"), OctaviaApply.Environment(url, directory.Root));
        await File.WriteAllTextAsync(directory.Path("plan.yaml"), OctaviaApply.FailoverPlan("faults", project, concurrency: 5, "5s",
            $"{AttemptLimit.TotalSeconds}s", $"{{attempts: 6, delay: {RetryDelay.TotalSeconds}s, backoff: {Backoff}}}", $"{{maxErrors: {LoadBalancers}, onExceeded: continue}}"));
        var journal = directory.Path("run.journal");
        await using var proxy = await FaultProxy.StartAsync(url, rate: 0.1, seed: Seed);

        // When: mplan apply runs through the proxy
        clock.Restart();
        using var apply = MplanProcess.Start(directory.Root, OctaviaApply.Environment(proxy.Url, directory.Root),
            "apply", "plan.yaml", "--auto-approve", "--ignore-window", "--journal", journal, "--format", "json");
        var exit = await apply.WaitForExitAsync(TimeSpan.FromMinutes(5));
        var requests = proxy.Requests();
        output.WriteLine($"apply exited {exit} after {clock.Elapsed.TotalSeconds:F1} s; {requests.Count} requests, " +
            string.Join(", ", requests.Where(r => r.Fault is not null).CountBy(r => r.Fault!).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}")));

        // Then (a): every LB's step ended, with its reason; the run succeeded
        var (showExit, show, showError) = await Mplan.RunAsync("show", journal, "--format", "json");
        Assert.True(showExit == 0, showError);
        using var document = JsonDocument.Parse(show);
        var steps = document.RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), steps.Select(s => s.GetProperty("target").GetString()).Order(StringComparer.Ordinal));
        foreach (var step in steps)
        {
            var state = step.GetProperty("state").GetString()!;
            Assert.True(Executor.Journal.JournalStepStates.IsTerminal(state), $"{step.GetProperty("target")} is {state}");
            Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("detail").GetString()), $"{step.GetProperty("target")} ended {state} without a reason");
        }

        Assert.True(exit == 0, $"apply exited {exit}: {await apply.ErrorAsync()}\n" +
            string.Join("\n", steps.Where(s => s.GetProperty("state").GetString() != "succeeded").Select(s => $"{s.GetProperty("target")}: {s.GetProperty("detail")}")));

        // Then (b): Octavia's database holds exactly two amphora rows per LB: the original, now DELETED, and the one
        // the single failover built
        var rows = await OctaviaDatabase.AmphoraRowsAsync(ids);
        Assert.All(ids, id => Assert.True(rows.TryGetValue(id, out var count) && count == (2, 1),
            $"load balancer {id} has {count.Rows} amphora rows, {count.Deleted} DELETED: failed over {count.Rows - 1} times, not once"));

        // Then (c): no attempt ran past its deadline, no retry waited longer than the plan's backoff, and none started early
        var events = JournalEvents.Read(journal);
        AssertWithinTimeouts(events);
        var faulted = requests.Count(r => r.Fault is not null);
        Assert.True(faulted >= requests.Count / 20, $"only {faulted} of {requests.Count} requests were faulted");
        var puts = requests.Where(r => r.Method == "PUT").ToList();
        output.WriteLine($"{puts.Count} PUTs ({string.Join(", ", puts.CountBy(p => p.Fault ?? "passed").Select(c => $"{c.Value} {c.Key}"))}); " +
            $"LBs asked more than once: {puts.CountBy(p => p.Path).Count(c => c.Value > 1)}");
        output.WriteLine($"{events.Count(e => e.Kind == RunEventKind.StepRetrying)} retries; " +
            $"{events.Count(e => e.Kind == RunEventKind.StepSubmitted && e.Detail!.StartsWith("accepted in attempt", StringComparison.Ordinal))} retries observed an earlier failover");
    }

    private static void AssertWithinTimeouts(IReadOnlyList<RunEvent> events)
    {
        foreach (var step in events.Where(e => e.Step is not null).GroupBy(e => e.Step!))
        {
            RunEvent? started = null;
            RunEvent? retrying = null;
            foreach (var e in step)
            {
                switch (e.Kind)
                {
                    case RunEventKind.StepStarted:
                        Assert.InRange(e.Deadline!.Value - e.At, AttemptLimit - Rounding, AttemptLimit + Rounding);
                        if (retrying is not null)
                        {
                            Assert.True(e.At >= retrying.RetryAt!.Value - Rounding && e.At <= retrying.RetryAt.Value + Slack,
                                $"{step.Key} attempt {e.Attempt} started at {e.At}, due at {retrying.RetryAt}");
                        }

                        started = e;
                        break;
                    case RunEventKind.StepRetrying or RunEventKind.StepFinished when started is not null:
                        Assert.True(e.At <= started.Deadline!.Value + Slack, $"{step.Key} attempt {started.Attempt} ended at {e.At}, past its deadline {started.Deadline}");
                        if (e.Kind == RunEventKind.StepRetrying)
                        {
                            var allowed = RetryDelay * Math.Pow(Backoff, e.Attempt - 1);
                            Assert.True(e.RetryAt!.Value - e.At <= allowed + Rounding, $"{step.Key} waits {e.RetryAt - e.At} after attempt {e.Attempt}, more than {allowed}");
                            retrying = e;
                        }

                        break;
                }
            }
        }
    }
}
