using Executor.Journal;
using System.Text.Json;
using Cli.Tests.TestKit;
using Executor.OpenStack;
using Executor.Tests.OpenStack;
using Tests.Shared;

namespace Cli.Tests.Commands;

/// <summary>
/// <c>mplan apply</c> against the real Octavia (scripts/octavia-up.sh): the real drivers, journal and scheduler.
/// Faults are made the way reference/octavia shows: a broken CA sends failovers to ERROR, a stopped worker leaves
/// an LB in PENDING_UPDATE, a deleted LB answers 404.
/// </summary>
[Collection(OctaviaCollection.Name)]
public sealed class ApplyOctaviaTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _project = "mplan-apply-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _directory.Dispose();

    [OctaviaFact]
    public async Task Apply_DozensOfLbs_EachSelectedOnceSkippedUntouchedDeletedCancelled()
    {
        // Given: 14 LBs; two excluded by the plan
        await using var lab = new OctaviaLab(_project);
        var ids = await lab.SeedAsync("apply", 14);
        await Inventory();
        string[] excluded = [ids[3], ids[9]];
        var plan = WritePlan(concurrency: 4, exclude: excluded);
        var before = await Amphorae(lab, ids);

        // When: a selected LB whose turn has not come is deleted once the run is under way (4 at a time)
        var run = Apply("apply", plan, "--auto-approve");
        await JournalProbe.WaitUntil(() => JournalProbe.Submitted(Journal));
        var deleted = await DeleteOneNotStarted(lab, [.. ids.Where(id => !excluded.Contains(id)).Reverse()]);
        var (exit, output, error) = await run;

        // Then: 11 failed over (new amphora, new certificate), 2 untouched, 1 cancelled; the run still succeeded
        Assert.True(exit == ExitCodes.Success, output + error);
        Assert.Equal((11, 0, 0, 1), Counts(output));
        // (The SKIPPED list itself is cut at 50 ids, and other tests' LBs in the same Octavia are skipped too.)
        Assert.All(excluded, id => Assert.Contains(id, Listed(output, "SKIPPED").Concat(NotSelected())));
        Assert.Equal([deleted], Listed(output, "CANCELLED"));
        var after = await Amphorae(lab, ids.Where(id => id != deleted));
        foreach (var id in ids.Where(id => id != deleted))
        {
            var lb = await lab.Client.GetLoadBalancerAsync(id);
            Assert.Equal("ACTIVE", lb!.ProvisioningStatus);
            if (excluded.Contains(id))
            {
                Assert.Equal(before[id], after[id]);
            }
            else
            {
                Assert.NotEqual(before[id].Id, after[id].Id);
                Assert.True(after[id].CertExpiration > before[id].CertExpiration, $"{id}: the certificate was not renewed");
            }
        }

        var show = JsonDocument.Parse((await Mplan.RunAsync("show", Journal, "--format", "json")).Output).RootElement;
        Assert.Equal(12, show.GetProperty("steps").EnumerateArray().Count());
        Assert.Equal(1, show.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("state").GetString() == "cancelled"));
    }

    [OctaviaFact]
    public async Task Apply_BrokenCa_FailsThenRecoveryFailedThenRecovers()
    {
        // Given: two LBs, one worker, no second chance; the first failure stops the run
        await using var lab = new OctaviaLab(_project);
        var ids = await lab.SeedAsync("ca", 2);
        await Inventory();
        var plan = WritePlan(concurrency: 1, retry: "{attempts: 1}", policy: "{maxErrors: 0, onExceeded: stop}");

        // When: the CA is broken for the whole run
        await OctaviaLab.BreakCaAsync();
        int exit;
        string output;
        try
        {
            (exit, output, _) = await Apply("apply", plan, "--auto-approve");
        }
        finally
        {
            await OctaviaLab.RestoreCaAsync();
        }

        // Then: the first LB went to ERROR and FAILED; the policy stopped the run, so the second never ran
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal((0, 1, 0, 0), Counts(output));
        var failed = Assert.Single(Listed(output, "FAILED"));
        Assert.Equal("ERROR", (await lab.Client.GetLoadBalancerAsync(failed))!.ProvisioningStatus);
        Assert.Equal("not_run", JournalReader.Read(Journal).Steps.Single(s => s.Target == ids.Single(id => id != failed)).State);

        // When: re-planned from the live inventory (the LB is in ERROR now) and the CA broken again
        await Inventory();
        var again = WritePlan(concurrency: 1, retry: "{attempts: 1}", policy: "{maxErrors: 5, onExceeded: stop}", name: "ca-2");
        await OctaviaLab.BreakCaAsync();
        try
        {
            (exit, output, _) = await Apply("apply", again, "--auto-approve", "--journal", _directory.Path("second.journal"));
        }
        finally
        {
            await OctaviaLab.RestoreCaAsync();
        }

        // Then: the LB that was already in ERROR is RECOVERY_FAILED, as Rockoon reports it
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal(1, Counts(output).RecoveryFailed);
        Assert.Equal([failed], Listed(output, "RECOVERY_FAILED"));

        // When/Then: with the CA back, a failover is the LB's recovery
        await Inventory();
        var recovery = WritePlan(concurrency: 1, name: "ca-3");
        (exit, output, _) = await Apply("apply", recovery, "--auto-approve", "--journal", _directory.Path("third.journal"));
        Assert.True(exit == ExitCodes.Success, output);
        Assert.Equal("ACTIVE", (await lab.Client.GetLoadBalancerAsync(failed))!.ProvisioningStatus);
    }

    [OctaviaFact]
    public async Task Apply_WorkerStopped_LbStuckPendingTimesOutAndFails()
    {
        // Given: one LB; each attempt may take 4 s; two attempts
        await using var lab = new OctaviaLab(_project);
        var id = (await lab.SeedAsync("stuck", 1)).Single();
        await Inventory();
        var plan = WritePlan(concurrency: 1, retry: "{attempts: 2, delay: 1s}", max: "4s");

        // When: the worker is stopped, so the failover is accepted but never processed
        await OctaviaLab.StopWorkerAsync();
        int exit;
        string output;
        try
        {
            (exit, output, var error) = await Apply("apply", plan, "--auto-approve");
            Assert.True((await lab.Client.GetLoadBalancerAsync(id))!.ProvisioningStatus == "PENDING_UPDATE", output + error);
        }
        finally
        {
            await OctaviaLab.StartWorkerAsync();
        }

        // Then: both attempts timed out (the second found it still busy); the LB is FAILED; Octavia finishes it later
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal((0, 1, 0, 0), Counts(output));
        Assert.True(output.Contains("timed out", StringComparison.Ordinal), output);
        await lab.WaitForAsync(id, lb => lb?.ProvisioningStatus == "ACTIVE", TimeSpan.FromSeconds(60));
    }

    [OctaviaFact]
    public async Task Apply_SavedPlanWhenTheCloudChanged_IsRefusedUntilRefreshed()
    {
        // Given: a saved plan over two LBs; then a third LB appears in the project
        await using var lab = new OctaviaLab(_project);
        await lab.SeedAsync("drift", 2);
        await Inventory();
        var saved = _directory.Path("plan.saved.json");
        Assert.Equal(ExitCodes.Success, (await Mplan.RunAsync("plan", WritePlan(concurrency: 2), "--out", saved)).ExitCode);
        var added = (await lab.SeedAsync("drift-new", 1)).Single();

        // When
        var (exit, _, error) = await Apply("apply", saved);

        // Then: refused, saying what changed; nothing ran
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("failover would now also handle 1: drift-new-1", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Journal));

        // When: re-planned against the live inventory
        (exit, var output, error) = await Apply("apply", saved, "--refresh", "--auto-approve");

        // Then: the new plan includes the new LB, and it ran
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal(3, Counts(output).Success);
        Assert.Contains(added, Listed(output, "SUCCESS"));
    }

    private string Journal => _directory.Path("run.journal");

    // The Rockoon block's counts line. SKIPPED is left out: it counts every LB the API lists, other tests' too.
    private static (int Success, int Failed, int RecoveryFailed, int Cancelled) Counts(string output)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output,
            @"  SUCCESS: (\d+)  FAILED: (\d+)  RECOVERY_FAILED: (\d+)  SKIPPED: \d+  CANCELLED: (\d+)\n");
        Assert.True(match.Success, output);
        int At(int group) => int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (At(1), At(2), At(3), At(4));
    }

    // Deletes a selected LB whose failover has not started yet (the last ones first); one that starts meanwhile answers
    // 409 (PENDING_UPDATE) and the next candidate is taken.
    private async Task<string> DeleteOneNotStarted(OctaviaLab lab, IReadOnlyList<string> candidates)
    {
        foreach (var id in candidates)
        {
            if (JournalReader.Read(Journal).Steps.Single(s => s.Target == id).State != JournalStepStates.Pending)
            {
                continue;
            }

            try
            {
                await lab.Client.DeleteLoadBalancerAsync(id, cascade: true);
                return id;
            }
            catch (OpenStackException e) when (e.Status == System.Net.HttpStatusCode.Conflict)
            {
                // It started between the look at the journal and the delete.
            }
        }

        throw new Xunit.Sdk.XunitException("every selected LB had started before one could be deleted");
    }

    // The targets mplan show lists as not selected by the plan (excluded, other projects, other providers).
    private List<string> NotSelected() => [.. JournalReader.NotSelected(Journal).Select(n => n.Id)];

    // The ids the Rockoon block's detailed statistics list under one status.
    private static List<string> Listed(string output, string status)
    {
        var start = output.IndexOf($"\n{status}:\n", StringComparison.Ordinal);
        return start < 0 ? [] : [.. output[(start + status.Length + 3)..].Split('\n').TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..])];
    }

    private Dictionary<string, string> Environment => new()
    {
        ["OS_AUTH_TYPE"] = "none", ["OS_ENDPOINT"] = OctaviaLab.Require(), ["OS_PROJECT_ID"] = _project,
        ["HOME"] = _directory.Root, ["OS_CLIENT_CONFIG_FILE"] = _directory.Path("no-clouds.yaml"),
    };

    private async Task<(int ExitCode, string Output, string Error)> Apply(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(TextWriter.Synchronized(output), TextWriter.Synchronized(error), new FileSystemSource()) { Environment = Environment };
        context = context with { Drivers = (plan, connections) => RealDrivers.For(context, plan, connections), LiveInventory = new OctaviaLiveInventory(context) };
        string[] all = [.. args, "--ignore-window", .. args.Contains("--journal") ? Array.Empty<string>() : ["--journal", Journal]];
        var exit = await CliApp.RunAsync(all, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task Inventory()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(["inventory", "--out", _directory.Path("cluster.yaml"), "--name", "lab"], output, error,
            new FileSystemSource(), CancellationToken.None, Environment);
        Assert.True(exit == 0, error.ToString());
    }

    private string WritePlan(int concurrency, string[]? exclude = null, string retry = "{attempts: 2, delay: 1s}",
        string policy = "{maxErrors: 3, onExceeded: stop}", string max = "60s", string name = "apply-e2e")
    {
        var path = _directory.Path(name + ".yaml");
        File.WriteAllText(path, OctaviaApply.FailoverPlan($"{name}-{_project}", _project, concurrency, "2s", max, retry, policy, exclude ?? []));
        return path;
    }

    private static async Task<Dictionary<string, OctaviaAmphora>> Amphorae(OctaviaLab lab, IEnumerable<string> ids)
    {
        var result = new Dictionary<string, OctaviaAmphora>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            result[id] = (await lab.Client.ListAmphoraeAsync(id)).Single(a => a.Status != "DELETED");
        }

        return result;
    }
}
