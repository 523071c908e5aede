using System.Text.Json;
using Cli.Tests.TestKit;
using Simulator.Fakes.Kubernetes;
using Tests.Shared;

namespace Cli.Tests.Kubernetes;

/// <summary>
/// <c>mplan apply</c> of the MOSK certificate rotation, as a real process against the fake Kubernetes API: the
/// preflight, Rockoon's admission, the patch of rotation_id (once, even across a kill), Rockoon's failover Job followed
/// to its end (through a crash and kopf's re-run) with each LB's result in the journal, and the cluster's Lease.
/// </summary>
[Collection(KubernetesApplyCollection.Name)]
public sealed partial class ApplyRotationTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _directory = new();

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ApplyRotationTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        File.WriteAllText(_directory.Path("clouds.yaml"), "clouds:\n  lab:\n    auth_type: none\n    auth:\n      endpoint: http://127.0.0.1:9/\n");
    }

    public void Dispose() => _directory.Dispose();

    private string Journal => _directory.Path("run.journal");

    [Fact]
    public async Task Apply_Rotation_FollowsRockoonsJobAndRecordsEachLoadBalancersResult()
    {
        // Given: five amphora LBs (one deleted while the Job handles it) and an OVN one the Job skips
        await using var fake = await StartAsync(Cluster("lb-4: {fault: deleted}"));

        // When
        using var apply = StartApply(RotationPlan());
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: one patch; each LB's result as Rockoon's Job reported it
        Assert.True(exit == 0, string.Join("\n", apply.Lines) + await apply.ErrorAsync());
        Assert.Equal(5, RotationId(fake));
        var steps = Steps();
        Assert.All(new[] { 1, 2, 3, 5 }, i => Assert.Equal("succeeded", steps[$"rotate-ca/lb-{i}"].State));
        Assert.Contains("job_result: SUCCESS", steps["rotate-ca/lb-1"].Detail, StringComparison.Ordinal);
        Assert.Equal("cancelled", steps["rotate-ca/lb-4"].State);
        Assert.Contains("CANCELLED", steps["rotate-ca/lb-4"].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(steps.Keys, k => k.StartsWith("rotate-ca/lb-ovn", StringComparison.Ordinal));
        Assert.Equal("succeeded", steps["rotate-ca/wait-applied"].State);

        // deploy/'s RBAC allows every call the run made
        Assert.Empty(DeployRbac.Denied(DeployRbac.Mosk, fake.Mosk.Audit));
    }

    [Fact]
    public async Task Apply_JobLeftOneFailed_RecordsItAndTheRunFails()
    {
        // Given: the Job fails one LB over in vain (every try)
        await using var fake = await StartAsync(Cluster("lb-3: {fault: fails}"));

        // When
        using var apply = StartApply(RotationPlan());
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: the rotation ends (APPLIED) with FAILED recorded for lb-3 only
        var steps = Steps();
        Assert.Equal("failed", steps["rotate-ca/lb-3"].State);
        Assert.Contains("Rockoon's Job: FAILED", steps["rotate-ca/lb-3"].Detail, StringComparison.Ordinal);
        Assert.All(new[] { 1, 2, 4, 5 }, i => Assert.Equal("succeeded", steps[$"rotate-ca/lb-{i}"].State));
        Assert.Equal("succeeded", steps["rotate-ca/wait-applied"].State);
        Assert.Equal(1, exit);
        Assert.Equal(5, RotationId(fake));
    }

    [Fact]
    public async Task Apply_JobCrashedOnce_SaysTheFailoverRanAgainAndTakesTheSecondJobsResults()
    {
        // Given: the Job's first run crashes; kopf regenerates the CA and runs it again. At 100x the crashed Job is
        // there for about a second (the real one for minutes); the drivers' watch sees it fail and be re-created.
        await using var fake = await StartAsync(Cluster("", "\n  kubernetes: {rotation: {failoverJobCrashes: 1}}"), speed: 100);

        // When
        using var apply = StartApply(RotationPlan());
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: the crash was said once, as progress; every LB's result is the second Job's
        Assert.True(exit == 0, string.Join("\n", apply.Lines) + await apply.ErrorAsync());
        Assert.Single(Events(), e => e.GetProperty("event").GetString() == "step_progress" && e.GetProperty("detail").GetString()!.Contains("crashed", StringComparison.Ordinal));
        Assert.Contains("runs the whole failover again", string.Join("\n", apply.Lines), StringComparison.Ordinal);
        var steps = Steps();
        Assert.All(Enumerable.Range(1, 5), i => Assert.Contains("job_crashes: 1", steps[$"rotate-ca/lb-{i}"].Detail, StringComparison.Ordinal));
        Assert.Equal(5, RotationId(fake));
    }

    [Fact]
    public async Task Apply_KilledAfterThePatch_ResumeFollowsTheSameRotationWithoutASecondPatch()
    {
        // Given: a run killed as soon as the rotation patch was accepted
        await using var fake = await StartAsync(Cluster(""), speed: 60);
        using (var apply = StartApply(RotationPlan()))
        {
            Assert.True(await apply.WaitForLineAsync(l => l.Contains("rotate-ca/rotate: submitted", StringComparison.Ordinal), Limit), string.Join("\n", apply.Lines));
            Assert.True(await apply.KillAsync());
        }

        // When
        using var resume = MplanProcess.Start(_directory.Root, Environment(fake), "apply", "--resume", Journal, "--ignore-window", "--kubeconfig", Kubeconfig);
        var exit = await resume.WaitForExitAsync(Limit);

        // Then: rotation_id went up by exactly one; the Job's results are all there
        Assert.True(exit == 0, string.Join("\n", resume.Lines) + await resume.ErrorAsync());
        Assert.Equal(5, RotationId(fake));
        Assert.All(Enumerable.Range(1, 5), i => Assert.Equal("succeeded", Steps()[$"rotate-ca/lb-{i}"].State));
        // One patch sent (the resumed run re-marks the step as submitted while it observes, and sends nothing)
        Assert.Single(Events(), e => e.GetProperty("event").GetString() == "step_submitted" && e.GetProperty("step").GetString() == "rotate-ca/rotate"
            && e.GetProperty("detail").GetString()!.StartsWith("rotation_id 4 -> 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_OsdplBusy_RockoonsAdmissionRefusalIsAClearError()
    {
        // Given: Rockoon is applying something else (no preflight in this plan, so the patch itself is refused)
        await using var fake = await StartAsync(Cluster(""));
        fake.Mosk.Store.Update(ResourceTypes.OpenStackDeploymentStatus, "openstack", "osh-lab", s => s["status"]!["osdpl"]!["state"] = "APPLYING");

        // When
        using var apply = StartApply(RotationPlan(preflight: false));
        var exit = await apply.WaitForExitAsync(Limit);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains("Rockoon refused the rotation of osh-lab: OpenStack rotation data update is not possible while another operation is in progress.",
            Steps()["rotate-ca/rotate"].Detail, StringComparison.Ordinal);
        Assert.Equal(4, RotationId(fake));
    }

    [Fact]
    public async Task Apply_LeaseHeldByAnotherMachine_IsRefusedBeforeAnythingChanges()
    {
        // Given: another operator's apply holds the cluster's Lease
        await using var fake = await StartAsync(Cluster(""));
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        fake.Mosk.Store.Create(ResourceTypes.Leases, "openstack", (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse($$$"""
            {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "mplan-apply", "namespace": "openstack"},
             "spec": {"holderIdentity": "bob@elsewhere pid 7 plan other", "leaseDurationSeconds": 600, "acquireTime": "{{{now}}}", "renewTime": "{{{now}}}"}}
            """)!);

        // When
        using var apply = StartApply(RotationPlan());
        var exit = await apply.WaitForExitAsync(Limit);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains("another apply holds this cluster: Lease openstack/mplan-apply is held by bob@elsewhere pid 7 plan other", await apply.ErrorAsync(), StringComparison.Ordinal);
        Assert.Equal(4, RotationId(fake));
    }

    private string Kubeconfig => _directory.Path("kubeconfig");

    private async Task<FakeKubernetes> StartAsync(string cluster, double speed = 600, TimeProvider? clock = null)
    {
        File.WriteAllText(_directory.Path("cluster.yaml"), cluster);
        var fake = await FakeKubernetes.StartAsync(KubeLab.Load(_directory.Path("cluster.yaml")), new FakeKubernetesOptions { Speed = speed, Time = clock });
        fake.WriteKubeconfig(Kubeconfig);
        return fake;
    }

    private Dictionary<string, string?> Environment(FakeKubernetes fake) => MplanProcess.WithoutOpenStackVariables(new()
    {
        ["OS_CLIENT_CONFIG_FILE"] = _directory.Path("clouds.yaml"),
        ["MPLAN_KUBE_POLL_INTERVAL"] = "100ms",
        ["KUBECONFIG"] = null,
        ["HOME"] = _directory.Root,
    });

    private MplanProcess StartApply(string plan)
    {
        File.WriteAllText(_directory.Path("plan.yaml"), plan);
        return MplanProcess.Start(_directory.Root, Environment(null!), "apply", "plan.yaml", "--auto-approve", "--ignore-window", "--journal", Journal,
            "--kubeconfig", Kubeconfig);
    }

    private static long RotationId(FakeKubernetes fake) =>
        long.Parse(fake.Mosk.Store.Get(ResourceTypes.OpenStackDeployments, "openstack", "osh-lab")["status"]!["certificates"]!["octavia"]!["amphora"]!["rotation_id"]!.ToJsonString(),
            System.Globalization.CultureInfo.InvariantCulture);

    private Dictionary<string, (string State, string Detail)> Steps() =>
        Executor.Journal.JournalReader.Read(Journal).Steps.ToDictionary(s => s.StepId, s => (s.State, s.Detail ?? ""), StringComparer.Ordinal);

    private List<JsonElement> Events() =>
        [.. Executor.Journal.JournalReader.Events(Journal).Select(e => JsonDocument.Parse(Planner.Events.RunEventJson.ToLine(e)).RootElement)];

    private static string Cluster(string targets, string behaviour = "") => $$$"""
        apiVersion: mplan/v1
        kind: Cluster
        metadata: {name: lab}
        openstack: {cloud: lab}
        kubernetes: {context: lab}
        openstackDeployment:
          name: osh-lab
          namespace: openstack
          state: APPLIED
          amphoraRotationId: 4
          failoverJob: {maxWorkers: 2}
          health: {octavia: {api: Ready, worker: Ready}}
        loadBalancers:
          - {id: lb-1, name: lb-1, project: p1, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: amp-1, role: STANDALONE}]}
          - {id: lb-2, name: lb-2, project: p1, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: amp-2, role: STANDALONE}]}
          - {id: lb-3, name: lb-3, project: p1, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: amp-3, role: STANDALONE}]}
          - {id: lb-4, name: lb-4, project: p1, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: amp-4, role: STANDALONE}]}
          - {id: lb-5, name: lb-5, project: p1, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: amp-5, role: STANDALONE}]}
          - {id: lb-ovn, name: ovn-1, project: p1, provider: ovn, provisioningStatus: ACTIVE}
        behaviour:
          targets: {{{{targets}}}}{{{behaviour}}}
        """;

    // No follow-up failover here: apply checks an Octavia operation's LBs against the live Octavia first, and these
    // tests have none (ApplyOctaviaTests run the failover on the real one).
    private static string RotationPlan(bool preflight = true) =>
        "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: rotation-e2e}\nwindows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]\n" +
        "clusters: {lab: {file: cluster.yaml}}\noperations:\n" +
        (preflight ? "  - id: preflight\n    uses: mosk.osdpl-health\n" : "") +
        "  - id: rotate-ca\n    uses: mosk.rotate-certificates\n" + (preflight ? "    needs: [preflight]\n" : "");
}
