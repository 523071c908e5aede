using System.Text.Json;
using Cli.Tests.TestKit;

namespace Cli.Tests.Commands;

/// <summary>
/// <c>mplan plan</c>'s distribution: the case of 1,000 LBs at 5 workers in a 4-hour window, where the guide's
/// arithmetic (ceil(1000/5) x 1m = 3h20m) fits with 40m to spare while the behaviour model simulate uses does not.
/// </summary>
public sealed class PlanDistributionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mplan-distribution-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Plan_ThousandLbsAtFiveWorkers_GivesSimulatesQuantilesForTheSameSeed()
    {
        // Given
        var plan = await ThousandLbPlan();

        // When
        var (planExit, planJson, planError) = await Mplan.RunAsync("plan", plan, "--format", "json", "--seed", "7");
        var (simulateExit, simulateJson, _) = await Mplan.RunAsync("simulate", plan, "--format", "json", "--trials", "500", "--seed", "7");

        // Then: the same trials, so the same quantiles and fit probability to the millisecond
        Assert.True(planExit == 0, planError);
        Assert.Equal(0, simulateExit);
        using var planned = JsonDocument.Parse(planJson);
        using var simulated = JsonDocument.Parse(simulateJson);
        var distribution = planned.RootElement.GetProperty("distribution");
        Assert.Equal(500, distribution.GetProperty("trials").GetInt32());
        Assert.Equal(7, distribution.GetProperty("seed").GetInt32());
        foreach (var quantile in new[] { "p50", "p90", "p99", "max" })
        {
            Assert.Equal(simulated.RootElement.GetProperty("makespan_seconds").GetProperty(quantile).GetDouble(),
                distribution.GetProperty("makespan_seconds").GetProperty(quantile).GetDouble());
        }

        Assert.Equal(simulated.RootElement.GetProperty("window").GetProperty("fit_probability").GetDouble(), distribution.GetProperty("fit_probability").GetDouble());
        Assert.Empty(SchemaCheck.Validate(planJson, "plan-output.v1.schema.json").Items);
    }

    [Fact]
    public async Task Plan_ThousandLbsAtFiveWorkers_ArithmeticFitsButTheExitCodeFollowsP90()
    {
        // Given
        var plan = await ThousandLbPlan();

        // When
        var (exit, text, _) = await Mplan.RunAsync("plan", plan, "--detailed-exitcode");
        var (jsonExit, json, _) = await Mplan.RunAsync("plan", plan, "--detailed-exitcode", "--format", "json");
        var (expectedExit, _, _) = await Mplan.RunAsync("plan", plan, "--detailed-exitcode", "--fit-at", "expected");

        // Then: the guide's arithmetic is kept and shown as such; the p90 decides
        Assert.Contains("ceil(1,000/5) x 1m = 3h20m", text);
        Assert.Contains("fits window 1 with 40m to spare", text);
        Assert.Equal(2, exit);
        Assert.Equal(2, jsonExit);
        Assert.Equal(0, expectedExit);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.True(root.GetProperty("window").GetProperty("fits").GetBoolean());
        Assert.Equal(12000, root.GetProperty("estimate").GetProperty("expected_seconds").GetDouble());
        var p50 = root.GetProperty("distribution").GetProperty("makespan_seconds").GetProperty("p50").GetDouble();
        var p90 = root.GetProperty("distribution").GetProperty("makespan_seconds").GetProperty("p90").GetDouble();
        Assert.InRange(p50, 4 * 3600, 5 * 3600); // the simulate said p50 4h29m: 200 rounds of a ~75 s median
        Assert.Equal(0, root.GetProperty("distribution").GetProperty("fit_probability").GetDouble());
        var fitAt = root.GetProperty("fit_at");
        Assert.Equal("p90", fitAt.GetProperty("exit_code_uses").GetString());
        Assert.Equal(p90, fitAt.GetProperty("makespan_seconds").GetDouble());
        Assert.False(fitAt.GetProperty("fits").GetBoolean());
        Assert.Contains($"p90 ({FormatDuration(p90)}; --fit-at p90", text);
        Assert.Contains("does not fit, so --detailed-exitcode exits 2", text);
    }

    [Fact]
    public async Task Plan_SameSeedTwice_GivesTheSameBytes_AnotherSeedOtherQuantiles()
    {
        // Given
        var plan = await ThousandLbPlan();

        // When
        var first = await Mplan.RunAsync("plan", plan, "--format", "json", "--trials", "200", "--seed", "3");
        var second = await Mplan.RunAsync("plan", plan, "--format", "json", "--trials", "200", "--seed", "3");
        var other = await Mplan.RunAsync("plan", plan, "--format", "json", "--trials", "200", "--seed", "4");

        // Then
        Assert.Equal(first.Output, second.Output);
        Assert.NotEqual(first.Output, other.Output);
    }

    [Fact]
    public async Task Plan_NoTrials_JudgesByTheArithmeticAndSaysSo()
    {
        // Given
        var plan = await ThousandLbPlan();

        // When
        var (exit, text, _) = await Mplan.RunAsync("plan", plan, "--detailed-exitcode", "--trials", "0");
        var (_, json, _) = await Mplan.RunAsync("plan", plan, "--format", "json", "--trials", "0");

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("no trials to take p90 from (--trials 0)", text);
        Assert.DoesNotContain("simulated ", text);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("distribution").ValueKind);
        Assert.Equal("expected", document.RootElement.GetProperty("fit_at").GetProperty("exit_code_uses").GetString());
        Assert.Empty(SchemaCheck.Validate(json, "plan-output.v1.schema.json").Items);
    }

    [Theory]
    [InlineData("", 0.0)]
    [InlineData("behaviour: {osdpl: {recoversAfter: 30s}}", 1.0)]
    public async Task Plan_PreflightWouldFailNow_TheDistributionFailsItToUnlessItRecovers(string behaviour, double fitProbability)
    {
        // Given: the inventory's OSDPL is APPLYING; the preflight retries 3 times, 1m apart
        var cluster = Path.Combine(_directory.FullName, "applying.yaml");
        await File.WriteAllTextAsync(cluster, $$"""
            apiVersion: mplan/v1
            kind: Cluster
            metadata: {name: applying}
            openstackDeployment: {name: osh-test, namespace: openstack, state: APPLYING}
            loadBalancers:
              - {id: lb-1, provider: amphora, provisioningStatus: ACTIVE}
            {{behaviour}}
            """);
        var plan = Path.Combine(_directory.FullName, "preflight.yaml");
        await File.WriteAllTextAsync(plan, $$$"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: preflight}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters:
              c: {file: "{{{cluster}}}"}
            operations:
              - {id: preflight, uses: mosk.osdpl-health, cluster: c, retry: {attempts: 3, delay: 1m, backoff: 1}}
              - {id: failover, uses: octavia.loadbalancer-failover, cluster: c, needs: [preflight]}
            """);

        // When
        var (exit, json, error) = await Mplan.RunAsync("plan", plan, "--format", "json", "--trials", "50", "--detailed-exitcode");
        var (_, simulated, _) = await Mplan.RunAsync("simulate", plan, "--trials", "50", "--format", "json");

        // Then: plan warns as before, and its distribution, like simulate, stops at the preflight unless it recovers
        // (a stopped run fits no window in plan's chance; simulate counts it as a policy breach)
        Assert.Contains("preflight would fail now: OSDPL osh-test is APPLYING", error);
        using var document = JsonDocument.Parse(json);
        var distribution = document.RootElement.GetProperty("distribution");
        Assert.Equal(fitProbability, distribution.GetProperty("fit_probability").GetDouble());
        Assert.Equal(1 - fitProbability, distribution.GetProperty("stopped_probability").GetDouble());
        Assert.Equal(fitProbability == 0 ? 2 : 0, exit);
        using var simulation = JsonDocument.Parse(simulated);
        Assert.Equal(fitProbability == 0 ? 50 : 0, simulation.RootElement.GetProperty("policy_breaches").GetInt32());
        Assert.Empty(SchemaCheck.Validate(json, "plan-output.v1.schema.json").Items);
    }

    // 1,000 LBs, every one selected (whatever its provider and status), 5 workers, the defaults' 1m each, a 4h window.
    private async Task<string> ThousandLbPlan()
    {
        var cluster = Path.Combine(_directory.FullName, "big.json");
        var (code, _, error) = await Mplan.RunAsync("cluster", "generate", "--name", "big", "--loadbalancers", "1000", "--out", cluster);
        Assert.True(code == 0, error);
        var plan = Path.Combine(_directory.FullName, "plan.yaml");
        await File.WriteAllTextAsync(plan, $$"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: failover-1000}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters:
              big: {file: "{{cluster}}"}
            operations:
              - id: failover
                uses: octavia.loadbalancer-failover
                cluster: big
                select: {provider: [amphora, amphorav2, ovn], provisioningStatus: [ACTIVE, ERROR, PENDING_UPDATE]}
                concurrency: 5
            """);
        return plan;
    }

    private static string FormatDuration(double seconds) => Planner.Documents.DurationText.Format(TimeSpan.FromSeconds(Math.Round(seconds)));
}
