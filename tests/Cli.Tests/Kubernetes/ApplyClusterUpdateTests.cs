using System.Text.Json;
using Cli.Tests.TestKit;
using Simulator.Fakes.Kubernetes;
using Tests.Shared;

namespace Cli.Tests.Kubernetes;

/// <summary>
/// <c>mplan apply plans/cluster-update.yaml</c> as a real process against the fake MOSK and management clusters: the
/// preflight, the release patch, every node followed through its machine and workload lock (manual nodes held at a
/// gate until <c>mplan approve</c>, which sets their policy to skip), then the vRouter pods restarted one by one.
/// </summary>
[Collection(KubernetesApplyCollection.Name)]
public sealed class ApplyClusterUpdateTests : IDisposable
{
    private const string Target = "mosk-17-4-0-25-2";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Journal => _directory.Path("run.journal");

    [Fact]
    public async Task Apply_ClusterUpdate_EveryNodeInOrderManualNodesHeldUntilApproved()
    {
        // Given: the example update and its cluster, served by the fake
        await using var fake = await StartAsync(File.ReadAllText(Path.Combine(Repository.Root, "plans", "clusters", "mosk-prod.yaml")));
        var podsBefore = VrouterPods(fake);

        // When: applied, each gate approved once it waits
        using var apply = StartApply(File.ReadAllText(Path.Combine(Repository.Root, "plans", "cluster-update.yaml")));
        var approved = new HashSet<string>(StringComparer.Ordinal);
        while (await apply.WaitForNextGateAsync(approved, Limit) is { } gate)
        {
            var (exit, output) = await Mplan("approve", Journal, gate, "--by", "alice");
            Assert.True(exit == 0, output);
            approved.Add(gate);
        }

        // Then: done; the two nodes whose workloads needed an operator were held and then set to skip
        var code = await apply.WaitForExitAsync(Limit);
        Assert.True(code == 0, string.Join("\n", apply.Lines) + await apply.ErrorAsync());
        Assert.Equal(["update/cmp-02/operator-evacuate", "update/cmp-04/operator-evacuate"], approved.Order(StringComparer.Ordinal));
        Assert.Equal("skip", Annotation(fake, "cmp-04"));
        var machines = fake.Management.Store.List(ResourceTypes.LcmMachines).Items;
        Assert.All(machines, m => Assert.Equal(Target, m["status"]!["release"]!.GetValue<string>()));
        Assert.Equal(Target, fake.Management.Store.Get(ResourceTypes.Clusters, "mosk-prod", "mosk-prod")["spec"]!["providerSpec"]!["value"]!["release"]!.GetValue<string>());

        // The journal has each node's progress (machine states), and every node's update step succeeded
        var steps = Executor.Journal.JournalReader.Read(Journal).Steps.ToDictionary(s => s.StepId, s => s.State, StringComparer.Ordinal);
        // (a node whose chain is its update alone has the step id update/NODE)
        Assert.All(fake.Inventory.Nodes, n => Assert.Equal("succeeded", steps.GetValueOrDefault($"update/{n.Name}/update") ?? steps[$"update/{n.Name}"]));
        var progress = Events().Where(e => e.GetProperty("event").GetString() == "step_progress").Select(e => e.GetProperty("detail").GetString()!).ToList();
        Assert.Contains(progress, p => p.StartsWith("machine Deploy", StringComparison.Ordinal));

        // The vRouter agents were restarted one by one: each pod replaced
        var podsAfter = VrouterPods(fake);
        Assert.Equal(podsBefore.Keys.Order(StringComparer.Ordinal), podsAfter.Keys.Order(StringComparer.Ordinal));
        Assert.All(podsAfter, p => Assert.NotEqual(podsBefore[p.Key], p.Value));

        // deploy/'s RBAC allows every call the run made, on both clusters
        Assert.Empty(DeployRbac.Denied(DeployRbac.Mosk, fake.Mosk.Audit));
        Assert.Empty(DeployRbac.Denied(DeployRbac.Management, fake.Management.Audit));
    }

    [Fact]
    public async Task Apply_VrouterReplacementNeverReady_StopsAtTheFirstFailure()
    {
        // Given: a small cluster whose vRouter pod on cmp-2 never comes back Ready
        await using var fake = await StartAsync("""
            apiVersion: mplan/v1
            kind: Cluster
            metadata: {name: vrouter-lab}
            kubernetes:
              context: vrouter-lab
              daemonSets: [{namespace: tf, name: tf-vrouter-agent, roles: [compute], updateStrategy: OnDelete}]
            nodes:
              - {name: cmp-1, roles: [compute]}
              - {name: cmp-2, roles: [compute]}
              - {name: cmp-3, roles: [compute]}
            behaviour:
              kubernetes: {daemonSetPods: {neverReadyOn: [cmp-2]}}
            """);
        var before = VrouterPods(fake);

        // When
        using var apply = StartApply("""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: vrouter}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters: {vrouter-lab: {file: cluster.yaml}}
            operations:
              - id: restart-vrouter
                uses: kubernetes.restart-pods
                select: {roles: [compute]}
                duration: {expected: 10s, max: 20s}
                retry: {attempts: 1}
                with: {namespace: tf, daemonSet: tf-vrouter-agent}
            """);
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: cmp-1 restarted, cmp-2 failed (timed out waiting for Ready), cmp-3 never touched
        Assert.True(exit == 1 && File.Exists(Journal), string.Join("\n", apply.Lines) + await apply.ErrorAsync());
        var steps = Executor.Journal.JournalReader.Read(Journal).Steps.ToDictionary(s => s.StepId, s => s.State, StringComparer.Ordinal);
        Assert.Equal(("succeeded", "failed"), (steps["restart-vrouter/cmp-1"], steps["restart-vrouter/cmp-2"]));
        Assert.NotEqual("succeeded", steps["restart-vrouter/cmp-3"]);
        var after = VrouterPods(fake);
        Assert.Equal(before["cmp-3"], after["cmp-3"]);
        Assert.NotEqual(before["cmp-1"], after["cmp-1"]);
    }

    private async Task<FakeKubernetes> StartAsync(string cluster)
    {
        Directory.CreateDirectory(_directory.Path("clusters"));
        File.WriteAllText(_directory.Path("cluster.yaml"), cluster);
        File.WriteAllText(_directory.Path("clusters/mosk-prod.yaml"), cluster);
        var fake = await FakeKubernetes.StartAsync(KubeLab.Load(_directory.Path("cluster.yaml")), new FakeKubernetesOptions { Speed = 600 });
        fake.WriteKubeconfig(_directory.Path("kubeconfig"));
        return fake;
    }

    private static Dictionary<string, string?> Environment() =>
        MplanProcess.WithoutOpenStackVariables(new() { ["MPLAN_KUBE_POLL_INTERVAL"] = "100ms", ["KUBECONFIG"] = null });

    private MplanProcess StartApply(string plan)
    {
        File.WriteAllText(_directory.Path("plan.yaml"), plan);
        return MplanProcess.Start(_directory.Root, Environment(), "apply", "plan.yaml", "--auto-approve", "--ignore-window", "--journal", Journal,
            "--kubeconfig", _directory.Path("kubeconfig"));
    }

    private async Task<(int Exit, string Output)> Mplan(params string[] args)
    {
        using var process = MplanProcess.Start(_directory.Root, Environment(), args);
        var exit = await process.WaitForExitAsync(Limit);
        return (exit, string.Join("\n", process.Lines) + "\n" + await process.ErrorAsync());
    }

    private static string? Annotation(FakeKubernetes fake, string node) =>
        fake.Mosk.Store.Get(ResourceTypes.Nodes, null, node)["metadata"]!["annotations"]?["openstack.lcm.mirantis.com/instance_migration_mode"]?.GetValue<string>();

    // Node → the uid of its vRouter pod now.
    private static Dictionary<string, string> VrouterPods(FakeKubernetes fake) =>
        fake.Mosk.Store.List(ResourceTypes.Pods, "tf").Items
            .Where(p => p["metadata"]!["deletionTimestamp"] is null)
            .ToDictionary(p => p["spec"]!["nodeName"]!.GetValue<string>(), p => p["metadata"]!["uid"]!.GetValue<string>(), StringComparer.Ordinal);

    private List<JsonElement> Events() =>
        [.. Executor.Journal.JournalReader.Events(Journal).Select(e => JsonDocument.Parse(Planner.Events.RunEventJson.ToLine(e)).RootElement)];
}
