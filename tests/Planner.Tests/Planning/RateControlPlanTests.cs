using System.Text;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Plans;
using Planner.Scheduling;
using Planner.Tests.TestKit;

namespace Planner.Tests.Planning;

/// <summary>Budgets, ramp-ups and canaries from the plan language to the estimate: groups, limits, costs and refusals.</summary>
public sealed class RateControlPlanTests
{
    [Fact]
    public void Plan_PerProjectBudget_LimitsEachProjectAndCostsTime()
    {
        // Given: 12 LBs in 3 projects, 6 at once, at most 1 per project
        var plan = Failover("concurrency: 6, duration: {expected: 1m}, budgets: [{per: project, max: 1}]");

        // When
        var resolved = Inventories.Resolve(plan, Projects(12, 3));

        // Then: 3 at once (one per project) for 4 rounds instead of 2
        var rate = resolved.Estimate.RateControl!;
        var budget = Assert.Single(rate.Budgets);
        Assert.Equal((3, 1, 1, 1), (budget.Groups, budget.SmallestLimit, budget.LargestLimit, budget.PeakInFlight));
        Assert.Equal(TimeSpan.FromMinutes(4), resolved.Estimate.Expected);
        Assert.Equal(TimeSpan.FromMinutes(2), budget.ExpectedWithout);
        Assert.Equal(TimeSpan.FromMinutes(2), rate.ExpectedWithoutBudgets);
    }

    [Fact]
    public void Plan_BudgetOverManyTargets_EachChainCountsTowardItsOwnProject()
    {
        // Given: enough LBs that their projects are looked up on every core, spread over 7 projects
        var plan = Failover("concurrency: 20, duration: {expected: 1m}, budgets: [{per: project, max: 2}]");

        // When
        var resolved = Inventories.Resolve(plan, Projects(9000, 7));

        // Then: every chain's group is its own LB's project, and the groups are numbered in the order they were first met
        var rate = resolved.Graph.RateControl!;
        Assert.Equal([.. Enumerable.Range(0, 7).Select(p => $"p{p}")], rate.Groups.Select(g => g.Value));
        var heads = resolved.Graph.Steps.Where(s => s.Acquires).ToList();
        Assert.Equal(9000, heads.Count);
        Assert.All(heads, s => Assert.Equal($"p{int.Parse(s.TargetId!["lb-".Length..]) % 7}", rate.Groups[Assert.Single(rate.StepGroups[s.Index])].Value));
        Assert.All(rate.Groups, (g, p) => Assert.Equal((9000 / 7) + (p < 9000 % 7 ? 1 : 0), g.Targets));
    }

    [Fact]
    public void Plan_PercentBudget_RoundsDownPerGroup()
    {
        // Given: 50% of projects of 4 LBs each: 2 at once per project
        var plan = Failover("concurrency: 100, duration: {expected: 1m}, budgets: [{per: tenant, max: '50%'}]");

        // When
        var resolved = Inventories.Resolve(plan, Projects(12, 3));

        // Then
        Assert.All(resolved.Graph.RateControl!.Groups, g => Assert.Equal((4, 2), (g.Targets, g.Capacity)));
        Assert.Equal(TimeSpan.FromMinutes(2), resolved.Estimate.Expected);
    }

    [Fact]
    public void Plan_ConcurrencyTighterThanBudget_ConcurrencyWins()
    {
        // Given
        var plan = Failover("concurrency: 1, duration: {expected: 1m}, budgets: [{per: project, max: 5}]");

        // When
        var resolved = Inventories.Resolve(plan, Projects(6, 2));

        // Then
        Assert.Equal(TimeSpan.FromMinutes(6), resolved.Estimate.Expected);
        Assert.Equal(TimeSpan.Zero, resolved.Estimate.RateControl!.Budgets[0].Cost);
    }

    [Fact]
    public void Plan_PlanWideBudget_CountsAcrossOperations()
    {
        // Given: two failovers of the same 4 LBs (2 projects) side by side, at most 1 per project plan-wide
        var operations = "  - {id: a, uses: octavia.loadbalancer-failover, concurrency: 4, duration: {expected: 1m}}\n" +
                         "  - {id: b, uses: octavia.loadbalancer-failover, concurrency: 4, duration: {expected: 1m}}\n";
        var plan = Inventories.Plan(operations).Replace("operations:\n", "budgets: [{per: project, max: 1}]\noperations:\n", StringComparison.Ordinal);

        // When
        var resolved = Inventories.Resolve(plan, Projects(4, 2));

        // Then: 8 failovers, 2 at a time (one per project across both operations)
        var budget = Assert.Single(resolved.Estimate.RateControl!.Budgets);
        Assert.Equal("plan", budget.Scope);
        Assert.Equal(TimeSpan.FromMinutes(4), resolved.Estimate.Expected);
        Assert.Equal(TimeSpan.FromMinutes(1), budget.ExpectedWithout);
    }

    [Fact]
    public void Plan_NodesPerAvailabilityZoneAndLabel_GroupByTheInventory()
    {
        // Given: 4 nodes in 2 zones, 2 racks across them
        var cluster = new StringBuilder("apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: c}\nnodes:\n");
        for (var i = 0; i < 4; i++)
        {
            cluster.Append($"  - {{name: cmp-{i}, roles: [compute], availabilityZone: az{i % 2}, labels: {{rack: r{i / 2}}}}}\n");
        }

        var plan = Inventories.Plan("  - id: restart\n    uses: kubernetes.restart-pods\n    concurrency: 4\n    with: {namespace: tf, daemonSet: tf-vrouter}\n" +
            "    budgets: [{per: availabilityZone, max: 1}, {per: 'label:rack', max: 1}]\n");

        // When
        var resolved = Inventories.Resolve(plan, cluster.ToString());

        // Then: zones az0/az1 and racks r0/r1; cmp-0 (az0, r0) and cmp-3 (az1, r1) go first
        var rate = resolved.Graph.RateControl!;
        Assert.Equal(["az0", "az1", "r0", "r1"], rate.Groups.Select(g => g.Value).Order(StringComparer.Ordinal));
        var run = VirtualRun.Run(resolved.Graph, resolved.CreateScheduler(), new FixedDurationModel(false));
        var first = resolved.Graph.Steps.Where(s => s.Acquires && run.Start[s.Index] == TimeSpan.Zero).Select(s => s.TargetName).ToList();
        Assert.Equal(["cmp-0", "cmp-3"], first);
    }

    [Fact]
    public void Plan_RampUpAndCanary_AreEstimated()
    {
        // Given: a canary of 1 with a 5m gate, then waves of 2 and 4, then the rest (3 of 10), 10 at once
        var plan = Failover("concurrency: 10, duration: {expected: 1m}, canary: {targets: 1}, rampUp: {steps: [2, 4]}");

        // When
        var resolved = Inventories.Resolve(plan, Projects(10, 2));

        // Then: 1m canary + 5m gate + 1m + 1m + 1m
        var waves = Assert.Single(resolved.Estimate.RateControl!.Waves);
        Assert.Equal([1, 2, 4, 3], waves.Waves.Select(w => w.Targets));
        Assert.Equal(TimeSpan.FromMinutes(9), resolved.Estimate.Expected);
        Assert.Equal(1, resolved.Estimate.OperatorGates);
        Assert.Contains(resolved.Graph.Steps, s => s is { Id: "failover:canary-approval", Kind: StepKind.Gate });
    }

    [Fact]
    public void Plan_WaveExpectedLongerThanItsTimeout_IsWarnedOf()
    {
        // Given: one at a time, a first wave of 2 targets of 1m each, each wave within 90s
        var plan = Failover("concurrency: 1, duration: {expected: 1m}, rampUp: {steps: [2], waveTimeout: 90s}");

        // When
        var resolved = Inventories.Resolve(plan, Projects(4, 2));

        // Then
        var warning = Assert.Single(resolved.Warnings);
        Assert.Equal(DiagnosticCodes.UnsatisfiableBudget, warning.Code);
        Assert.Contains("wave 1 of 'failover' is expected to take 2m, longer than its waveTimeout (1m30s)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_OfAPlanBuiltWithoutIt_IsTheEstimateAndWarningsOfBuild()
    {
        // Given: a plan whose estimate warns (the plan command builds without the estimate, then estimates)
        var plan = Failover("concurrency: 1, duration: {expected: 1m}, rampUp: {steps: [2], waveTimeout: 90s}");
        var files = new global::Tests.Shared.MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", Projects(4, 2));
        var whole = PlanBuilder.Build("plan.yaml", files, new Dictionary<string, string>(), new DiagnosticBag())!;
        var diagnostics = new DiagnosticBag();
        var unestimated = PlanBuilder.Build("plan.yaml", files, new Dictionary<string, string>(), diagnostics, estimate: false)!;

        // When
        var estimated = PlanBuilder.Estimate(unestimated, diagnostics);

        // Then: the same figures and the same warning, which the bag now holds too
        Assert.Empty(unestimated.Warnings);
        Assert.Equal(TimeSpan.Zero, unestimated.Estimate.Expected);
        Assert.Equal(whole.Estimate.Expected, estimated.Estimate.Expected);
        Assert.Equal(whole.Estimate.Pessimistic, estimated.Estimate.Pessimistic);
        Assert.Equal(whole.Estimate.Operations.Select(o => o.ToString()), estimated.Estimate.Operations.Select(o => o.ToString()));
        Assert.Equal(whole.Estimate.RateControl!.Waves.Select(w => w.Waves.Length), estimated.Estimate.RateControl!.Waves.Select(w => w.Waves.Length));
        Assert.Equal(whole.Warnings.Select(w => w.ToString()), estimated.Warnings.Select(w => w.ToString()));
        Assert.Single(diagnostics.Items, d => d.Code == DiagnosticCodes.UnsatisfiableBudget);
        Assert.Same(unestimated.Graph, estimated.Graph);
        Assert.Equal(unestimated.Sha256, estimated.Sha256);
    }

    [Fact]
    public void Plan_WithoutRateControl_HasNone()
    {
        // When
        var resolved = Inventories.Resolve(Failover("concurrency: 2"), Projects(4, 2));

        // Then: the scheduler's hot path stays as it was
        Assert.Null(resolved.Graph.RateControl);
        Assert.Null(resolved.Estimate.RateControl);
    }

    [Theory]
    [InlineData("budgets: [{per: project, max: '10%'}]", DiagnosticCodes.UnsatisfiableBudget, "rounds down to 0", "raise max to at least 25%")]
    [InlineData("budgets: [{per: availabilityZone, max: 1}]", DiagnosticCodes.UnsatisfiableBudget, "which load balancers do not have", "project (or tenant)")]
    [InlineData("budgets: [{per: rack, max: 1}]", "MP105", "does not match the pattern", "label:KEY")]
    [InlineData("budgets: [{per: project, max: 0}]", "MP108", "not any of the allowed forms", "a count such as 1")]
    [InlineData("budgets: [{per: project}]", "MP102", "max", null)]
    [InlineData("rampUp: {steps: [0]}", "MP106", "0", null)]
    public void Validate_BadBudget_IsAnErrorWithItsReasonAndHint(string setting, string code, string message, string? hint)
    {
        // Given: 4 LBs per project
        var plan = Failover(setting);

        // When
        var errors = Errors(plan, Projects(8, 2));

        // Then
        var error = Assert.Single(errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Location.Line);
        if (hint is not null)
        {
            Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("  - {id: rotate, uses: mosk.rotate-certificates, budgets: [{per: project, max: 1}]}\n", "Rockoon's failover Job")]
    [InlineData("  - {id: check, uses: shell.run, with: {command: 'true'}, rampUp: {steps: [1]}}\n", "no targets that mplan starts one by one")]
    public void Validate_RateControlOnWorkMplanDoesNotPace_IsAnError(string operation, string reason)
    {
        // Given
        var cluster = Projects(4, 2).Replace("provisioningStatus: ACTIVE}", "provisioningStatus: ACTIVE, amphorae: [{id: a}]}", StringComparison.Ordinal) +
            "openstackDeployment: {name: osdpl, state: APPLIED, amphoraRotationId: 1}\n";

        // When
        var error = Assert.Single(Errors(Inventories.Plan(operation), cluster));

        // Then
        Assert.Equal(DiagnosticCodes.NotControllable, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static string Failover(string settings) => Inventories.Plan($"  - {{id: failover, uses: octavia.loadbalancer-failover, {settings}}}\n");

    // count LBs, spread round-robin over the given number of projects (p0, p1, ...).
    private static string Projects(int count, int projects)
    {
        var text = new StringBuilder("apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: c}\nloadBalancers:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append($"  - {{id: lb-{i:D3}, project: p{i % projects}, provider: amphora, provisioningStatus: ACTIVE}}\n");
        }

        return text.ToString();
    }

    private static List<Diagnostic> Errors(string plan, string cluster)
    {
        var diagnostics = new DiagnosticBag();
        PlanBuilder.Build("plan.yaml", new global::Tests.Shared.MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", cluster), new Dictionary<string, string>(), diagnostics);
        return [.. diagnostics.Sorted().Where(d => d.IsError)];
    }
}
