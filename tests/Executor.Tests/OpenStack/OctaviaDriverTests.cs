using Executor.Drivers;
using Executor.OpenStack;
using Executor.Tests.TestKit;
using Planner.Graph;
using Planner.Plans;
using Planner.Scheduling;
using Tests.Shared;

namespace Executor.Tests.OpenStack;

/// <summary>The drivers, the client and the inventory against the real Octavia from scripts/octavia-up.sh.</summary>
[Collection(OctaviaCollection.Name)]
public sealed class OctaviaDriverTests
{
    private static readonly OctaviaDriverOptions Fast = new() { PollInitial = TimeSpan.FromMilliseconds(300), BusyInitial = TimeSpan.FromSeconds(3) };

    private static AttemptCall Call(string lbId, List<string> submitted, string uses = OctaviaFailoverDriver.Uses, string action = "failover", int operation = 0) =>
        new(new Step { Index = 0, Id = $"op/{lbId}/{action}", Operation = operation, Kind = StepKind.Action, Action = action, TargetId = lbId, Dependencies = [] },
            uses, "local", 1, detail =>
            {
                lock (submitted)
                {
                    submitted.Add(detail ?? "");
                }

                return Task.CompletedTask;
            });

    private static string Project() => "mplan-test-" + Guid.NewGuid().ToString("N")[..8];

    [OctaviaFact]
    public async Task Failover_ActiveLoadBalancer_NewAmphoraAndCertificate()
    {
        // Given an ACTIVE load balancer
        await using var lab = new OctaviaLab(Project());
        var id = (await lab.SeedAsync("failover", 1)).Single();
        var before = (await lab.Client.ListAmphoraeAsync(id)).Single();
        var submitted = new List<string>();

        // When the driver fails it over
        var result = await new OctaviaFailoverDriver(lab.Client, Fast).RunAsync(Call(id, submitted), CancellationToken.None);

        // Then it succeeded once submitted, the amphora was replaced and its certificate is new, and the LB is ACTIVE
        Assert.Equal(StepOutcome.Succeeded, result.Outcome);
        Assert.Single(submitted);
        var after = (await lab.Client.ListAmphoraeAsync(id)).Single();
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal($"{before.Id} -> {after.Id}", result.Facts!["amphorae"]);
        Assert.NotNull(after.CertExpiration);
        Assert.True(after.CertExpiration >= before.CertExpiration);
        Assert.Equal(after.CertExpiration!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), result.Facts["cert_expiration"]);
        Assert.Equal("ACTIVE", (await lab.Client.GetLoadBalancerAsync(id))!.ProvisioningStatus);
    }

    [OctaviaFact]
    public async Task Failover_WhilePendingUpdate_Waits409OutAndFailsOverAgain()
    {
        // Given an LB already failing over (PENDING_UPDATE), and a driver whose requests are logged
        await using var lab = new OctaviaLab(Project());
        var id = (await lab.SeedAsync("busy", 1)).Single();
        var log = new List<string>();
        using var session = new OpenStackSession(OctaviaLab.NoAuthCloud(OctaviaLab.Require()), log: line => { lock (log) { log.Add(line); } });
        Assert.Equal(FailoverAnswer.Accepted, (await lab.Client.FailoverAsync(id)).Answer);
        var first = await lab.WaitForAsync(id, _ => true, TimeSpan.FromSeconds(1));
        Assert.Equal("PENDING_UPDATE", first!.ProvisioningStatus);
        var submitted = new List<string>();

        // When the driver runs
        var result = await new OctaviaFailoverDriver(new OctaviaClient(session), Fast).RunAsync(Call(id, submitted), CancellationToken.None);

        // Then Octavia said 409 first, the driver waited, was accepted later and succeeded
        Assert.Contains(log, l => l.StartsWith($"PUT /v2/lbaas/loadbalancers/{id}/failover -> 409", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith($"PUT /v2/lbaas/loadbalancers/{id}/failover -> 202", StringComparison.Ordinal));
        Assert.Equal(StepOutcome.Succeeded, result.Outcome);
        Assert.Single(submitted);
    }

    [OctaviaFact]
    public async Task Failover_DeletedWhileWaiting_Cancelled()
    {
        // Given a busy LB, so the driver waits out a 409
        await using var lab = new OctaviaLab(Project());
        var id = (await lab.SeedAsync("deleted", 1)).Single();
        await lab.Client.FailoverAsync(id);
        var submitted = new List<string>();
        var run = new OctaviaFailoverDriver(lab.Client, Fast).RunAsync(Call(id, submitted), CancellationToken.None);

        // When the LB is deleted meanwhile
        await lab.WaitForAsync(id, lb => lb?.ProvisioningStatus == "ACTIVE", TimeSpan.FromSeconds(60));
        await lab.Client.DeleteLoadBalancerAsync(id);
        var result = await run;

        // Then the attempt is cancelled, not failed, and nothing was submitted
        Assert.Equal(StepOutcome.Cancelled, result.Outcome);
        Assert.Contains($"load balancer {id} no longer exists", result.Detail, StringComparison.Ordinal);
        Assert.Empty(submitted);
    }

    [OctaviaFact]
    public async Task Failover_BrokenCa_FailureThenRecoveryFromError()
    {
        // Given an ACTIVE LB and a CA file the worker cannot read
        await using var lab = new OctaviaLab(Project());
        var id = (await lab.SeedAsync("broken-ca", 1)).Single();
        var driver = new OctaviaFailoverDriver(lab.Client, Fast);
        AttemptResult failed;
        await OctaviaLab.BreakCaAsync();
        try
        {
            // When the driver fails it over
            failed = await driver.RunAsync(Call(id, []), CancellationToken.None);
        }
        finally
        {
            await OctaviaLab.RestoreCaAsync();
        }

        // Then Octavia's revert put it in ERROR and the attempt failed; with the CA back, a failover recovers it
        Assert.Equal(StepOutcome.Failed, failed.Outcome);
        Assert.Contains("ERROR", failed.Detail, StringComparison.Ordinal);
        Assert.Equal("ERROR", (await lab.Client.GetLoadBalancerAsync(id))!.ProvisioningStatus);
        var recovered = await driver.RunAsync(Call(id, []), CancellationToken.None);
        Assert.Equal(StepOutcome.Succeeded, recovered.Outcome);
        Assert.Equal("ACTIVE again (was ERROR)", recovered.Detail);
    }

    [OctaviaFact]
    public async Task Failover_WorkerStopped_TimesOutThenObserveSeesItFinish()
    {
        // Given an ACTIVE LB and a stopped worker
        await using var lab = new OctaviaLab(Project());
        var id = (await lab.SeedAsync("stuck", 1)).Single();
        var recorded = (await lab.Client.ListAmphoraeAsync(id)).Select(a => a.Id).ToList();
        var driver = new OctaviaFailoverDriver(lab.Client, Fast, lb => lb == id ? recorded : null);
        var submitted = new List<string>();
        AttemptResult? observed;
        await OctaviaLab.StopWorkerAsync();
        try
        {
            // When the attempt's token ends it (the runner's timeout)
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(6));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => driver.RunAsync(Call(id, submitted), timeout.Token));
            Assert.Single(submitted);
            Assert.Equal("PENDING_UPDATE", (await lab.Client.GetLoadBalancerAsync(id))!.ProvisioningStatus);
        }
        finally
        {
            await OctaviaLab.StartWorkerAsync();
        }

        // Then once the worker is back, a resume that does not know it was submitted sees PENDING_UPDATE, waits, and succeeds
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            observed = await driver.ObserveAsync(Call(id, []), submitted: false, limit.Token);
        }

        Assert.NotNull(observed);
        Assert.Equal(StepOutcome.Succeeded, observed.Outcome);
        // And a second look finds the amphorae differ from the inventory: done, without sending anything
        var again = await driver.ObserveAsync(Call(id, []), submitted: false, CancellationToken.None);
        Assert.Equal(StepOutcome.Succeeded, again!.Outcome);
        Assert.Contains("differ from the inventory", again.Detail, StringComparison.Ordinal);
    }

    [OctaviaFact]
    public async Task Observe_NothingSent_ReturnsNull()
    {
        // Given an ACTIVE LB whose amphora is the one the inventory recorded
        await using var lab = new OctaviaLab(Project());
        var id = (await lab.SeedAsync("observe", 1)).Single();
        var recorded = (await lab.Client.ListAmphoraeAsync(id)).Select(a => a.Id).ToList();

        // When a resume observes it without a recorded submission
        var result = await new OctaviaFailoverDriver(lab.Client, Fast, _ => recorded).ObserveAsync(Call(id, []), submitted: false, CancellationToken.None);

        // Then nothing was done: the runner starts the attempt afresh
        Assert.Null(result);
    }

    [OctaviaFact]
    public async Task ListLoadBalancers_SeveralPages_EveryLoadBalancerOnce()
    {
        // Given five LBs in their own project
        var project = Project();
        await using var lab = new OctaviaLab(project);
        var ids = await lab.SeedAsync("page", 5);

        // When listing with pages of 2 (a short last page) and of 5 (an exactly full page, then an empty one)
        var pagesOfTwo = await lab.Client.ListLoadBalancersAsync("project_id=" + project, pageSize: 2);
        var pagesOfFive = await lab.Client.ListLoadBalancersAsync("project_id=" + project, pageSize: 5);
        var counts = new List<int>();
        await lab.Client.ListLoadBalancersAsync("project_id=" + project, pageSize: 2, progress: new Counter(counts));

        // Then each lists all five exactly once (Octavia sorts by created_at, then id), page by page
        Assert.Equal(ids.Order(), pagesOfTwo.Select(lb => lb.Id).Order());
        Assert.Equal(pagesOfTwo.Select(lb => lb.Id), pagesOfFive.Select(lb => lb.Id));
        Assert.Equal([2, 4, 5], counts);
    }

    [OctaviaFact]
    public async Task Inventory_SeededLoadBalancers_ClusterFileThePlannerAccepts()
    {
        // Given two seeded LBs
        var project = Project();
        await using var lab = new OctaviaLab(project);
        var ids = await lab.SeedAsync("inventory", 2);

        // When the inventory is read and written as a cluster file
        var snapshot = await OctaviaInventory.ReadAsync(lab.Client);
        var yaml = new StringWriter { NewLine = "\n" };
        OctaviaInventory.WriteYaml(yaml, snapshot, "local", "octavia-local", null, "mplan inventory --os-cloud octavia-local");
        var plan = "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: inv}\nwindows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]\n" +
            $"clusters: {{local: {{file: local.yaml}}}}\noperations:\n  - id: failover\n    uses: octavia.loadbalancer-failover\n    select: {{projects: [{project}]}}\n";
        var resolved = Plans.Planned("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("local.yaml", yaml.ToString()));

        // Then the planner accepts it, selects exactly the seeded LBs, and keeps their amphorae's address and expiry
        Assert.Equal(ids.Order(), resolved.Operations.Single().Targets.Select(t => t.Id).Order());
        var cluster = resolved.Clusters.Single();
        Assert.Equal("octavia-local", cluster.OpenStackCloud);
        var amphora = cluster.LoadBalancers.Single(lb => lb.Id == ids[0]).Amphorae.Single();
        Assert.Equal(snapshot.AmphoraeByLoadBalancer[ids[0]].Single().Id, amphora.Id);
        Assert.NotNull(amphora.CertExpiration);
        Assert.False(string.IsNullOrEmpty(amphora.LbNetworkIp));
    }

    [OctaviaFact]
    public async Task Canary_EverySteps_CreatesChecksAndDeletes()
    {
        // Given a plan with a canary of two members
        var name = "canary-" + Guid.NewGuid().ToString("N")[..8];
        var plan = "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: canary}\nwindows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]\n" +
            "clusters: {local: {file: local.yaml}}\noperations:\n  - id: canary\n    uses: octavia.canary\n    with:\n" +
            $"      name: {name}\n      vipSubnet: 11111111-2222-3333-4444-555555555555\n      healthMonitor: {{type: HTTP, delay: 5s, timeout: 3s, maxRetries: 2}}\n" +
            "      members:\n        - {address: 192.0.2.10, port: 80}\n        - {address: 192.0.2.11, port: 8080}\n";
        var resolved = Plans.Planned("plan.yaml", new MemoryFiles().Add("plan.yaml", plan)
            .Add("local.yaml", "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: local}\nloadBalancers: []\n"));
        await using var lab = new OctaviaLab(Project());
        var driver = new OctaviaCanaryDriver(lab.Client, i => CanarySpec.From(resolved.OperationAt(i)!), Fast with { AcceptOfflineOperatingStatus = true });
        var steps = resolved.Graph.Steps.Where(s => s.Kind == StepKind.Action).ToList();

        // When every step runs in order (the check before the delete: the LB must have its children then)
        var results = new List<(string Action, AttemptResult Result)>();
        string? lbId = null;
        foreach (var step in steps)
        {
            Assert.True(driver.Handles(OctaviaCanaryDriver.Uses, step.Action), step.Action);
            var submitted = new List<string>();
            var call = new AttemptCall(step, OctaviaCanaryDriver.Uses, "local", 1, d => { submitted.Add(d ?? ""); return Task.CompletedTask; });
            results.Add((step.Action, await driver.RunAsync(call, CancellationToken.None)));
            lbId ??= await lab.Client.FindAsync("loadbalancers", "loadbalancers", "name=" + name);
        }

        // Then each step succeeded, the check says honestly what it accepted, and everything is gone at the end
        Assert.Equal(["create-loadbalancer", "create-listener", "create-pool", "create-healthmonitor", "add-member-1", "add-member-2", "check-online", "delete"],
            results.Select(r => r.Action));
        Assert.All(results, r => Assert.True(r.Result.Outcome == StepOutcome.Succeeded, $"{r.Action}: {r.Result.Detail}"));
        Assert.Contains("listener ACTIVE", results[6].Result.Detail, StringComparison.Ordinal);
        Assert.Contains("no health manager", results[6].Result.Detail, StringComparison.Ordinal);
        Assert.NotNull(lbId);
        Assert.Null(await lab.Client.GetLoadBalancerAsync(lbId));
        Assert.Null(await lab.Client.FindAsync("listeners", "listeners", "name=" + name + "-listener"));
    }

    [OctaviaFact]
    public async Task Keystone_InFrontOfOctavia_FailoverSurvivesTokenRevocation()
    {
        // Given the fake Keystone whose catalog points at the real Octavia, and an LB
        await using var lab = new OctaviaLab(Project());
        var id = (await lab.SeedAsync("keystone", 1)).Single();
        using var keystone = new FakeKeystone(OctaviaLab.Require());
        using var session = new OpenStackSession(new CloudConfig
        {
            Name = "keystone", AuthUrl = keystone.Url, Username = FakeKeystone.User, UserDomainName = "Default", ProjectName = FakeKeystone.Project,
            Password = new Secret(FakeKeystone.Password), RegionName = "RegionOne", Origin = "test",
        });
        var client = new OctaviaClient(session);
        Assert.NotNull(await client.GetLoadBalancerAsync(id));

        // When every token is revoked and a failover runs through the proxy
        keystone.ExpireAll();
        var result = await new OctaviaFailoverDriver(client, Fast).RunAsync(Call(id, []), CancellationToken.None);

        // Then the session re-authenticated once and the failover succeeded
        Assert.Equal(StepOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, keystone.Issued);
        Assert.True(keystone.Rejected >= 1);
    }

    private sealed class Counter(List<int> counts) : IProgress<int>
    {
        public void Report(int value) => counts.Add(value);
    }
}
