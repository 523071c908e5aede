using System.Collections.Immutable;
using System.Globalization;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Plans;
using Planner.Scheduling;
using Tests.Shared;

namespace Planner.Tests.Operations;

/// <summary>
/// The rotation's graph (the patch, Rockoon's Job with one step per LB it fails over, APPLIED), the follow-up that
/// selects afterRotation: failed, and the refusals: a second failover of the Job's LBs, Job settings mplan cannot set.
/// </summary>
public sealed class RotationExpanderTests
{
    private const string Rotate = "  - {id: rotate, uses: mosk.rotate-certificates}\n";

    // Rockoon's is_failover_needed after a rotation: ERROR always; amphora/amphorav2 with amphorae; nothing else.
    private const string JobCluster = """
        apiVersion: mplan/v1
        kind: Cluster
        metadata: {name: c}
        openstackDeployment: {name: osdpl, state: APPLIED, amphoraRotationId: 4}
        loadBalancers:
          - {id: id-amp, name: amp, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: a1}]}
          - {id: id-v2, name: v2, provider: amphorav2, provisioningStatus: ACTIVE, amphorae: [{id: a2}]}
          - {id: id-bare, name: bare, provider: amphora, provisioningStatus: ACTIVE}
          - {id: id-alias, name: alias, provider: octavia, provisioningStatus: ACTIVE, amphorae: [{id: a3}]}
          - {id: id-alias-err, name: alias-err, provider: octavia, provisioningStatus: ERROR}
          - {id: id-ovn, name: ovn, provider: ovn, provisioningStatus: ACTIVE}
          - {id: id-ovn-err, name: ovn-err, provider: ovn, provisioningStatus: ERROR}
          - {id: id-busy, name: busy, provider: amphora, provisioningStatus: PENDING_UPDATE, amphorae: [{id: a4}]}
        """;

    [Fact]
    public void Rotation_Targets_AreTheLoadBalancersRockoonsJobFailsOver()
    {
        // When
        var operation = Build(Plan(Rotate), JobCluster).Operations.Single();

        // Then
        Assert.Equal(["amp", "v2", "alias-err", "ovn-err", "busy"], operation.Targets.Select(t => t.Name));
        Assert.Equal(
            [("bare", "no amphorae: the Job skips it (AMPHORA_MISSING is off by default)"),
             ("alias", "provider octavia: the Job fails it over only in ERROR"),
             ("ovn", "provider ovn: the Job fails it over only in ERROR")],
            operation.Skipped.Select(s => (s.Name, s.Reason)));
    }

    [Fact]
    public void Rotation_Steps_RotateWaitJobOneJobFailoverPerLoadBalancerWaitApplied()
    {
        // When
        var resolved = Build(Plan(Rotate), JobCluster);
        var steps = resolved.Graph.Steps;
        var byId = steps.ToDictionary(s => s.Id);

        // Then
        Assert.Equal(["rotate", "wait-job", "job-failover", "job-failover", "job-failover", "job-failover", "job-failover", "wait-applied"],
            steps.Where(s => s.Kind == StepKind.Action).Select(s => s.Action));
        Assert.Equal("patch octavia:amphora rotation_id 4 -> 5; wait for APPLYING", byId["rotate/rotate"].Detail);
        Assert.Equal([byId["rotate/rotate"].Index], byId["rotate/wait-job"].Dependencies);
        var jobSteps = steps.Where(s => s.Action == "job-failover").ToList();
        Assert.All(jobSteps, s => Assert.Equal([byId["rotate/wait-job"].Index], s.Dependencies));
        Assert.All(jobSteps, s => Assert.Equal((1, true, 0), (s.Attempts, s.OutsidePolicy, s.Pool)));
        Assert.Equal([byId["rotate/wait-job"].Index, byId["rotate:job-done"].Index], byId["rotate/wait-applied"].Dependencies);
        Assert.Equal(jobSteps.Select(s => s.Index), byId["rotate:job-done"].Dependencies);
    }

    [Theory]
    [InlineData("failoverJob: {maxWorkers: 3}", 3, "the cluster file's openstackDeployment.failoverJob.maxWorkers, the Job's LB_FAILOVER_MAX_WORKERS")]
    [InlineData("", 5, "Rockoon: LB_FAILOVER_MAX_WORKERS")]
    public void Rotation_Pool_IsTheJobsWorkersFromTheInventoryElseRockoonsDefault(string failoverJob, int workers, string source)
    {
        // Given
        var cluster = JobCluster.Replace("amphoraRotationId: 4}", $"amphoraRotationId: 4{(failoverJob.Length > 0 ? ", " + failoverJob : "")}}}", StringComparison.Ordinal);

        // When
        var resolved = Build(Plan(Rotate), cluster);

        // Then
        var jobStep = resolved.Graph.Steps.First(s => s.Action == "job-failover");
        Assert.Equal(workers, resolved.Graph.Pools[jobStep.Pool].Capacity);
        Assert.Equal(workers, resolved.Operations.Single().Concurrency);
        var setting = resolved.Operations.Single().Settings.Single(s => s.Name == "job.workers");
        Assert.Equal(($"{workers}", true, source), (setting.Value, setting.IsDefault, setting.Origin));
    }

    [Theory]
    [InlineData(12, "", 5, 3, 1)]
    [InlineData(12, ", failoverJob: {maxWorkers: 4}", 4, 3, 1)]
    [InlineData(11, ", failoverJob: {maxWorkers: 2}", 2, 6, 1)]
    [InlineData(10, "", 5, 2, 3)]
    public void Rotation_Estimate_IsRoundsTimesPerLoadBalancerPlusTheControllersWaits(int lbs, string failoverJob, int workers, int rounds, int minutesPerLb)
    {
        // Given: 30 s patch, 60 s sleep + 4 m health wait, ceil(N/W) rounds, 5 m to APPLIED
        var cluster = AmphoraLoadBalancers(lbs, failoverJob);
        var plan = Plan($"  - {{id: rotate, uses: mosk.rotate-certificates, duration: {{expected: {minutesPerLb}m}}}}\n");

        // When
        var resolved = Build(plan, cluster);

        // Then
        Assert.Equal(rounds, (lbs + workers - 1) / workers);
        var expected = TimeSpan.FromSeconds(30) + TimeSpan.FromSeconds(60) + TimeSpan.FromMinutes(4) + (rounds * TimeSpan.FromMinutes(minutesPerLb)) + TimeSpan.FromMinutes(5);
        Assert.Equal(expected, resolved.Estimate.Expected);
        Assert.Contains(resolved.Operations.Single().Notes, n => n.Contains($"ceil({lbs}/{workers}) = {rounds} round(s)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(12, ", failoverJob: {maxWorkers: 5}", "", "At worst (every LB to its 1h7m5s) the Job would outlast")]
    [InlineData(12, ", failoverJob: {maxWorkers: 5}", ", duration: {expected: 1m, max: 10m}", null)]
    [InlineData(181, ", failoverJob: {maxWorkers: 1}", ", duration: {expected: 1m, max: 10m}", "The Job's failovers (3h1m) exceed the controller's Job timeout (3h,")]
    public void Rotation_TheControllersThreeHourJobTimeout_IsNotedWhenTheJobCouldOutlastIt(int lbs, string failoverJob, string duration, string? note)
    {
        // When
        var notes = Build(Plan($"  - {{id: rotate, uses: mosk.rotate-certificates{duration}}}\n"), AmphoraLoadBalancers(lbs, failoverJob)).Operations.Single().Notes;

        // Then
        var found = notes.Where(n => n.Contains("octavia_lb_failover_job_timeout", StringComparison.Ordinal)).ToList();
        Assert.Equal(note is null ? 0 : 1, found.Count);
        Assert.True(note is null || found[0].StartsWith(note, StringComparison.Ordinal), string.Join("\n", found));
    }

    [Fact]
    public void Rotation_AFailedLoadBalancerOfTheJob_NeitherStopsTheRunNorSkipsWaitApplied()
    {
        // Given: the rotation then a check; the Job's first LB fails
        var plan = Plan(Rotate + "  - {id: after, uses: shell.run, needs: [rotate], with: {command: 'true'}}\n");
        var resolved = Build(plan, AmphoraLoadBalancers(3));
        var graph = resolved.Graph;
        var failed = graph.Steps.First(s => s.Action == "job-failover").Index;
        var model = new TestKit.ScriptedModel().Fail(failed, 1);

        // When
        var run = VirtualRun.Run(graph, resolved.CreateScheduler(), model);

        // Then
        var scheduler = run.Scheduler;
        Assert.Equal(StepState.Failed, scheduler.StateOf(failed));
        Assert.Equal(StepState.Succeeded, scheduler.StateOf(graph.Steps.Single(s => s.Id == "rotate/wait-applied").Index));
        Assert.Equal(StepState.Succeeded, scheduler.StateOf(graph.Steps.Single(s => s.Id == "after").Index));
    }

    [Theory]
    [InlineData("concurrency: 10", "10", "concurrency")]
    [InlineData("retry: {attempts: 3}", "{attempts", "retry")]
    [InlineData("failurePolicy: {maxErrors: 1}", "{maxErrors", "failurePolicy")]
    public void Rotation_JobSettingsMplanCannotSet_AreErrorsWhereTheyAreWritten(string setting, string at, string name)
    {
        // Given
        var plan = Plan($"  - {{id: rotate, uses: mosk.rotate-certificates, {setting}}}\n");

        // When
        var error = Assert.Single(Errors(plan, JobCluster));

        // Then
        Assert.Equal((DiagnosticCodes.NotControllable, Position(plan, 7, at)), (error.Code, (error.Location.Line, error.Location.Column)));
        Assert.StartsWith($"'rotate' cannot set {name}: ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Hint);
    }

    [Theory]
    [InlineData("needs: [rotate]")]
    [InlineData("needs: [check]")]
    public void Failover_AfterARotationOverTheSameLoadBalancers_IsAnErrorAtItsSelectWithTheHint(string needs)
    {
        // Given: directly, or through an operation that needs the rotation
        var plan = Plan(Rotate + "  - {id: check, uses: mosk.osdpl-health, needs: [rotate]}\n" +
            $"  - {{id: failover, uses: octavia.loadbalancer-failover, {needs}, select: {{provider: [amphora]}}}}\n");

        // When
        var error = Assert.Single(Errors(plan, JobCluster));

        // Then
        Assert.Equal((DiagnosticCodes.DoubleFailover, "plan.yaml", Position(plan, 9, "{provider")), (error.Code, error.Location.File, (error.Location.Line, error.Location.Column)));
        Assert.Equal("'failover' would fail over 2 load balancers that the Job of 'rotate' already fails over (amp, alias-err): each failover interrupts the LB's users", error.Message);
        Assert.Equal("select: {afterRotation: failed} fails over only the LBs the rotation's Job left FAILED or RECOVERY_FAILED", error.Hint);
    }

    [Fact]
    public void Failover_OverLoadBalancersTheJobSkips_IsAllowed()
    {
        // Given: ovn LBs in ERROR are the Job's; ACTIVE ones are not
        var plan = Plan(Rotate + "  - {id: failover, uses: octavia.loadbalancer-failover, needs: [rotate], select: {provider: [ovn], provisioningStatus: [ACTIVE]}}\n");

        // Then
        Assert.Empty(Errors(plan, JobCluster));
    }

    [Fact]
    public void Failover_AfterRotationFailed_EachStepFollowsUpTheJobsStepForItsLoadBalancer()
    {
        // Given
        var plan = Plan(Rotate + "  - {id: failover, uses: octavia.loadbalancer-failover, needs: [rotate], select: {afterRotation: failed}}\n");

        // When
        var resolved = Build(plan, JobCluster);

        // Then: every Job LB the failover's provider filter keeps (the octavia alias too), whatever its status now
        var failover = resolved.Operations.Single(o => o.Spec.Id == "failover");
        Assert.Equal(["amp", "v2", "alias-err", "busy"], failover.Targets.Select(t => t.Name));
        Assert.Contains(("ovn-err", "provider ovn not selected"), failover.Skipped.Select(s => (s.Name, s.Reason)));
        Assert.Contains(("bare", "not failed over by the Job of rotate"), failover.Skipped.Select(s => (s.Name, s.Reason)));
        var steps = resolved.Graph.Steps;
        foreach (var step in steps.Where(s => s.Action == "failover"))
        {
            var source = steps[step.RunsIfFailed];
            Assert.Equal(("job-failover", step.TargetId), (source.Action, source.TargetId));
        }

        var timing = resolved.Estimate.Operations.Single(t => t.Operation == failover.Index);
        Assert.Equal(new Estimation.FollowUpRuns(0, 4, 4), timing.FollowUp);
        Assert.Equal(TimeSpan.Zero, timing.Duration);
        Assert.Contains(failover.Notes, n => n.StartsWith("afterRotation: failed: each of these 4 load balancers", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("c=10 a=11", "11 -1 10 -1")]    // the Job's steps in another order than the inventory's: looked up by id
    [InlineData("a=1 c=2", "1 -1 2 -1")]        // in the inventory's order: paired in one pass
    [InlineData("", "-1 -1 -1 -1")]
    public void StepOfEach_JobStepsInAnyOrder_PairsEachLoadBalancerWithItsJobStep(string jobSteps, string expected)
    {
        // Given: four load balancers a, b, c, d
        var lbs = ImmutableArray.CreateRange("abcd".Select(c => new Planner.Model.LoadBalancer($"{c}", $"lb-{c}", "p", "amphora", "ACTIVE", "ONLINE", [])));
        var steps = jobSteps.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => (p.Split('=')[0], int.Parse(p.Split('=')[1], CultureInfo.InvariantCulture))).ToList();

        // When
        var stepOf = Planner.Operations.Kinds.FailoverFollowUp.StepOfEach(lbs, steps);

        // Then
        Assert.Equal(expected, string.Join(' ', stepOf));
    }

    [Fact]
    public void Failover_AfterRotationWithoutNeedingTheRotation_IsAnError()
    {
        // Given
        var plan = Plan(Rotate + "  - {id: failover, uses: octavia.loadbalancer-failover, select: {afterRotation: failed}}\n");

        // When
        var error = Errors(plan, JobCluster).First();

        // Then
        Assert.Equal((DiagnosticCodes.AfterRotationUnreachable, Position(plan, 8, "failed}")), (error.Code, (error.Location.Line, error.Location.Column)));
        Assert.Contains("does not need a mosk.rotate-certificates on cluster 'c'", error.Message, StringComparison.Ordinal);
    }

    // Line (1-based) and the column where marker starts on it.
    private static (int Line, int Column) Position(string text, int line, string marker) =>
        (line, text.Split('\n')[line - 1].IndexOf(marker, StringComparison.Ordinal) + 1);

    internal static string Plan(string operations) => TestKit.Inventories.Plan(operations, "{start: 2026-12-05T22:00:00Z, duration: 1d}");

    internal static string AmphoraLoadBalancers(int count, string failoverJob = "") =>
        "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: c}\n" +
        $"openstackDeployment: {{name: osdpl, state: APPLIED{failoverJob}}}\nloadBalancers:\n" +
        string.Concat(Enumerable.Range(1, count).Select(i => $"  - {{id: lb-{i:00}, name: lb-{i:00}, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{{id: a-{i:00}}}]}}\n"));

    private static ResolvedPlan Build(string plan, string cluster)
    {
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", cluster), new Dictionary<string, string>(), diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return resolved!;
    }

    private static List<Diagnostic> Errors(string plan, string cluster)
    {
        var diagnostics = new DiagnosticBag();
        PlanBuilder.Build("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", cluster), new Dictionary<string, string>(), diagnostics);
        return [.. diagnostics.Sorted().Where(d => d.IsError)];
    }
}
