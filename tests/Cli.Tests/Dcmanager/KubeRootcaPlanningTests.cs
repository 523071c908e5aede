using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests.Dcmanager;

/// <summary>Planning rules of dcmanager.kube-rootca-update that a new user meets: one strategy at a time, the release's options, cloud_name.</summary>
public sealed class KubeRootcaPlanningTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Validate_TwoUnorderedDcmanagerOperationsOnOneSystemController_RefusedWithWhereAndWhatToDo()
    {
        var plan = await Example(text => text + """

              - id: kube-rootca-east
                uses: dcmanager.kube-rootca-update
                select: {group: edge-west}

            """);

        var (exit, _, error) = await Mplan.RunAsync("validate", plan);

        Assert.Equal(1, exit);
        Assert.Matches(@"kube-rootca-update\.yaml:\d+:\d+: error MP217: operations kube-rootca and kube-rootca-east both create dcmanager strategies on system controller dc-central", error);
        Assert.Contains("add needs: [kube-rootca] to kube-rootca-east", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TwoDcmanagerOperationsOrderedByNeeds_Accepted()
    {
        var plan = await Example(text => text + """

              - id: kube-rootca-again
                uses: dcmanager.kube-rootca-update
                needs: [kube-rootca]
                select: {group: edge-west}

            """);

        var (exit, _, error) = await Mplan.RunAsync("validate", plan);

        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task Validate_CertFileOnRelease12_Refused()
    {
        var plan = await Example(text => text.Replace("      maxParallelSubclouds: 4\n", "      maxParallelSubclouds: 4\n      certFile: /home/sysadmin/ca.pem\n", StringComparison.Ordinal));

        var (exit, _, error) = await Mplan.RunAsync("validate", plan);

        Assert.Equal(1, exit);
        Assert.Contains("with.certFile is not an option of StarlingX 12.0", error, StringComparison.Ordinal);
        Assert.Contains("with.certFile and with.expiryDate cannot be combined", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_SeveralNamedSubclouds_OneStrategyPerSubcloudInTurn()
    {
        var plan = await Example(text => text.Replace("      syncStatus: [out-of-sync]\n", "      subclouds: [subcloud01, subcloud02, subcloud03]\n", StringComparison.Ordinal));

        var (exit, output, error) = await Mplan.RunAsync("plan", plan);

        Assert.True(exit == 0, error);
        Assert.Contains("3 targets (37 skipped), 1 at once", output, StringComparison.Ordinal);
        Assert.Contains("strategy              per-subcloud", output, StringComparison.Ordinal);
        Assert.Contains("one strategy per subcloud", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_StagesOf10For25Subclouds_EstimatesTheSlowestOfEachStageNearTheSimulation()
    {
        // Given: 25 out-of-sync subclouds, stages of 10 (the case a new user tried: planned 2h15m, simulated p50 3h16m)
        Directory.CreateDirectory(_directory.Path("clusters"));
        var subclouds = string.Concat(Enumerable.Range(1, 25).Select(i =>
            $"  - {{name: s{i:00}, group: Default, availability: online, management: managed, kubeRootcaSync: out-of-sync}}\n"));
        await File.WriteAllTextAsync(_directory.Path("clusters/dc.yaml"), "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: dc}\nsubclouds:\n" + subclouds);
        var plan = _directory.Path("stages.yaml");
        await File.WriteAllTextAsync(plan, """
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: stages}
            windows: [{start: 2026-12-08T01:00:00Z, duration: 8h, cutoff: 1h}]
            clusters: {dc: {file: clusters/dc.yaml}}
            operations:
              - id: k
                uses: dcmanager.kube-rootca-update
                with: {maxParallelSubclouds: 10, orchestration: stages}

            """);

        // When
        var (planExit, planJson, planError) = await Mplan.RunAsync("plan", plan, "--format", "json");
        var (simExit, simJson, simError) = await Mplan.RunAsync("simulate", plan, "--format", "json", "--trials", "200", "--seed", "1");

        // Then: no longer three times the mean (2h15m); within 10% of the simulated median
        Assert.True(planExit == 0, planError);
        Assert.True(simExit == 0, simError);
        var expected = System.Text.Json.JsonDocument.Parse(planJson).RootElement.GetProperty("estimate").GetProperty("expected_seconds").GetDouble();
        var p50 = System.Text.Json.JsonDocument.Parse(simJson).RootElement.GetProperty("makespan_seconds").GetProperty("p50").GetDouble();
        Assert.True(expected > 2.25 * 3600 * 1.2, $"estimate {expected} s");
        Assert.InRange(expected / p50, 0.9, 1.1);
    }

    private async Task<string> Example(Func<string, string> edit)
    {
        Directory.CreateDirectory(_directory.Path("clusters"));
        File.Copy(Path.Combine(Repository.Root, "plans", "clusters", "dc-central.yaml"), _directory.Path("clusters/dc-central.yaml"));
        var text = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "plans", "kube-rootca-update.yaml"));
        var path = _directory.Path("kube-rootca-update.yaml");
        await File.WriteAllTextAsync(path, edit(text));
        return path;
    }
}
