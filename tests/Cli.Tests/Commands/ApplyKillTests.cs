using System.Diagnostics;
using System.Text.Json;
using Cli.Tests.TestKit;
using Executor.Tests.OpenStack;
using Planner.Events;
using Tests.Shared;
using Xunit.Abstractions;

namespace Cli.Tests.Commands;

/// <summary>
/// The real <c>mplan apply</c> against the real Octavia, killed with SIGKILL at random moments and resumed each time:
/// nothing it printed as committed is missing from the journal, every load balancer is failed over exactly once, and
/// none is left out.
/// </summary>
[Collection(OctaviaCollection.Name)]
public sealed class ApplyKillTests(ITestOutputHelper output)
{
    // Enough for 10 kills to land mid-run with room to spare: with 24, a run on a quiet machine could finish after 9
    // (each round, killed 0.3-2.5 s in, finishes a few LBs at 4 at once).
    private const int LoadBalancers = 40;
    private const int Kills = 10;
    private const int Seed = 20261205;
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(120);

    [OctaviaFact]
    public async Task Apply_Kill9AtRandomMomentsThenResume_NoCommittedEventLostEachLbFailedOverExactlyOnce()
    {
        // Given: 40 ACTIVE LBs in a project of their own, the live inventory as the cluster file, a failover plan 4 at once
        var url = OctaviaLab.Require();
        var project = "mplan-kill-" + Guid.NewGuid().ToString("N")[..8];
        await using var lab = new OctaviaLab(project);
        var ids = await lab.SeedAsync("kill", LoadBalancers);
        var original = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            original[id] = (await lab.Client.ListAmphoraeAsync(id)).Single().Id;
        }

        using var directory = new TempDirectory();
        var environment = OctaviaApply.Environment(url, directory.Root);
        await OctaviaApply.WriteInventoryAsync(directory.Path("cluster.yaml"), environment);
        await File.WriteAllTextAsync(directory.Path("plan.yaml"), OctaviaApply.FailoverPlan("kill-resume", project, concurrency: 4, "5s", "60s"));
        var journal = directory.Path("run.journal");

        // When: the apply, then each resume, is killed after a seeded random 0.3-2.5 s (the first one only once its
        // journal exists), at least 10 times, and a last resume runs to the end
        var kill = new RandomKill(Seed);
        var kills = 0;
        for (var round = 0; kills < Kills; round++)
        {
            string[] args = round == 0
                ? ["apply", "plan.yaml", "--auto-approve", "--ignore-window", "--journal", journal, "--format", "json"]
                : ["apply", "--resume", journal, "--ignore-window", "--format", "json"];
            var clock = Stopwatch.StartNew();
            using var child = MplanProcess.Start(directory.Root, environment, args);
            var killed = await kill.KillAsync(child, round == 0 ? IsEvent : null, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(2500), ProcessLimit);
            if (round == 0 && !child.Lines.Any(IsEvent))
            {
                Assert.Fail($"the first apply ended without printing an event: {await child.ErrorAsync()}");
            }
            var printed = PrintedEvents(child.Lines);
            output.WriteLine($"round {round}: {(killed ? "killed" : "ended by itself")} after {clock.Elapsed.TotalSeconds:F1} s; printed {printed.Count} events " +
                $"({string.Join(", ", printed.Select(p => RunEventJson.Parse(p).KindName).CountBy(k => k).Select(c => $"{c.Value} {c.Key}"))})");

            // Then (a): every event it printed is committed in the journal, under the same number and with the same content
            AssertCommitted(journal, printed, $"round {round}");
            Assert.True(killed, $"the run finished after only {kills} kills (round {round}); seed more load balancers so that {Kills} kills land mid-run");
            kills++;
        }

        using var last = MplanProcess.Start(directory.Root, environment, "apply", "--resume", journal, "--ignore-window", "--format", "json");
        var exit = await last.WaitForExitAsync(ProcessLimit);
        Assert.True(exit == 0, $"the last resume exited {exit}: {await last.ErrorAsync()}");
        AssertCommitted(journal, PrintedEvents(last.Lines), "the last resume");
        output.WriteLine($"last resume: printed {PrintedEvents(last.Lines).Count} events; {Resumed(journal)} of {LoadBalancers} steps were in flight at a kill and resumed");

        // Then (a): the journal's numbering has no gaps
        var sequences = JournalEvents.Lines(journal).Keys.ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);

        // Then (b): each LB is ACTIVE on a new amphora, and Octavia's database holds exactly two amphora rows for it: the
        // original, now DELETED, and the one the single failover built (a second failover would have left a third row)
        var rows = await OctaviaDatabase.AmphoraRowsAsync(ids);
        foreach (var id in ids)
        {
            var lb = await lab.Client.GetLoadBalancerAsync(id);
            Assert.Equal("ACTIVE", lb?.ProvisioningStatus);
            var now = (await lab.Client.ListAmphoraeAsync(id)).Single();
            Assert.NotEqual(original[id], now.Id);
            Assert.True(rows.TryGetValue(id, out var count) && count == (2, 1),
                $"load balancer {id} ({lb?.Name}) has {count.Rows} amphora rows, {count.Deleted} DELETED: failed over {count.Rows - 1} times, not once");
        }

        // Then (c): mplan show lists every selected LB's step as succeeded
        var (showExit, show, showError) = await Mplan.RunAsync("show", journal, "--format", "json");
        Assert.True(showExit == 0, showError);
        using var document = JsonDocument.Parse(show);
        var steps = document.RootElement.GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("target").GetString()!, s => s.GetProperty("state").GetString(), StringComparer.Ordinal);
        Assert.Equal(ids.Order(StringComparer.Ordinal), steps.Keys.Order(StringComparer.Ordinal));
        Assert.All(steps, s => Assert.Equal("succeeded", s.Value));
        Assert.Equal("succeeded", document.RootElement.GetProperty("run").GetProperty("end_state").GetString());
    }

    private static bool IsEvent(string line) => line.StartsWith("{\"seq\":", StringComparison.Ordinal);

    // The event lines a process printed. Only the last line can have been cut off by the kill (it then is not JSON and
    // was never printed in full, so it was not acknowledged); any other line must be a whole event.
    private static List<string> PrintedEvents(IReadOnlyList<string> lines)
    {
        var events = lines.Where(IsEvent).ToList();
        if (events.Count > 0 && !IsJson(events[^1]) && ReferenceEquals(events[^1], lines[^1]))
        {
            events.RemoveAt(events.Count - 1);
        }

        return events;
    }

    private static void AssertCommitted(string journal, IReadOnlyList<string> printed, string when)
    {
        var committed = JournalEvents.Lines(journal);
        foreach (var line in printed)
        {
            var sequence = RunEventJson.Parse(line).Sequence;
            Assert.True(committed.TryGetValue(sequence, out var stored), $"{when}: printed event #{sequence} is not in the journal: {line}");
            Assert.Equal(line, stored);
        }
    }

    // Steps started more than once: in flight at a kill, then resumed (observed, and sent only if nothing had been sent).
    private static int Resumed(string journal) =>
        JournalEvents.Lines(journal).Values.Select(RunEventJson.Parse).Where(e => e.Kind == RunEventKind.StepStarted)
            .CountBy(e => e.Step!).Count(c => c.Value > 1);

    private static bool IsJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
