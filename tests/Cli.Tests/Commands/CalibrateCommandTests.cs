using System.Globalization;
using System.Text;
using System.Text.Json;
using Cli.Tests.TestKit;
using Executor.Tests.Apply;
using Planner.Events;
using Planner.Graph;
using Planner.Scheduling;
using Tests.Journal;
using Tests.Shared;

namespace Cli.Tests.Commands;

/// <summary>
/// <c>mplan calibrate</c> on journals of real applies (a scripted failover driver in place of Octavia), and the
/// behaviour file it writes, given back to <c>simulate</c>.
/// </summary>
public sealed class CalibrateCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Calibrate_JournalsOfTwoApplies_FitsTheFailoversAndTheirFailureRate()
    {
        // Given: two applies of 15 LBs, 40 ms per failover; the first fails two first attempts (the plan retries them)
        var plan = WritePlan(15);
        await Apply(plan, "one.journal", new ScriptedDriver().Fail("lb-03", 1).Fail("lb-07", 1));
        await Apply(plan, "two.journal", new ScriptedDriver());
        var behaviour = _directory.Path("behaviour.yaml");

        // When
        var (exit, output, error) = await Run(new ScriptedDriver(), "calibrate", _directory.Path("one.journal"), _directory.Path("two.journal"), "--out", behaviour);

        // Then: 30 successes of 32 attempts; the lognormal is about the driver's 40 ms (a loaded machine adds, never takes)
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Matches(@"octavia\.loadbalancer-failover: 30 succeeded of 32 attempts, 2 failed; 2 of 30 steps retried; up to [1-5] in flight \(limit 5\)\n", output);
        Assert.Contains("KS D ", output, StringComparison.Ordinal);
        var text = File.ReadAllText(behaviour);
        Assert.Contains("failureProbability: 0.0625\n", text, StringComparison.Ordinal);
        var median = Median(text);
        Assert.InRange(median, TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(2));
        Assert.Contains("    attempts: 32\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_ThenSimulateWithTheBehaviour_FailoversTakeTheMeasuredTimeNotTheDefault()
    {
        // Given: a calibration from one apply of 25 LBs, 40 ms each
        var plan = WritePlan(25);
        await Apply(plan, "run.journal", new ScriptedDriver());
        var behaviour = _directory.Path("behaviour.yaml");
        Assert.Equal(ExitCodes.Success, (await Run(new ScriptedDriver(), "calibrate", _directory.Path("run.journal"), "--out", behaviour)).ExitCode);

        // When
        var defaults = await Run(new ScriptedDriver(), "simulate", plan, "--trials", "50", "--format", "json");
        var calibrated = await Run(new ScriptedDriver(), "simulate", plan, "--trials", "50", "--format", "json", "--behaviour", behaviour);

        // Then: the defaults' 75 s per failover (5 rounds of 5) against a fraction of a second per failover
        Assert.True(calibrated.ExitCode == ExitCodes.Success, calibrated.Error);
        Assert.Empty(SchemaCheck.Validate(calibrated.Output, "simulate-output.v1.schema.json").Items);
        var withDefaults = P50(defaults.Output);
        var withCalibration = P50(calibrated.Output);
        Assert.True(withDefaults > 200, $"defaults p50 {withDefaults}");
        Assert.True(withCalibration < withDefaults / 10, $"calibrated p50 {withCalibration}, defaults {withDefaults}");
        using var json = JsonDocument.Parse(calibrated.Output);
        var used = json.RootElement.GetProperty("behaviour_files")[0];
        Assert.Equal(("test", behaviour, 25), (used.GetProperty("cluster").GetString(), used.GetProperty("file").GetString(),
            used.GetProperty("calibration").GetProperty("attempts").GetInt32()));
        Assert.False(JsonDocument.Parse(defaults.Output).RootElement.TryGetProperty("behaviour_files", out _));
    }

    [Fact]
    public async Task Simulate_ClusterFileNamingACalibration_UsesItAndSaysHowOldItsDataIs()
    {
        // Given: the cluster file names the behaviour file, relative to itself
        var plan = WritePlan(25);
        await Apply(plan, "run.journal", new ScriptedDriver());
        Assert.Equal(ExitCodes.Success, (await Run(new ScriptedDriver(), "calibrate", _directory.Path("run.journal"), "--out", _directory.Path("calibrated.yaml"))).ExitCode);
        File.AppendAllText(_directory.Path("cluster.yaml"), "behaviour: calibrated.yaml\n");

        // When
        var (exit, output, error) = await Run(new ScriptedDriver(), "simulate", plan);

        // Then: the window starts in 2030, long after today's data
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains($"  behaviour of cluster test: {_directory.Path("calibrated.yaml")} (calibrated from 1 journal, 25 attempts of ", output, StringComparison.Ordinal);
        Assert.Contains(" old at the window's start)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "  behaviour of cluster test: ")]
    [InlineData("markdown", "| Behaviour | cluster test: ")]
    [InlineData("json", "\"behaviour_files\": [")]
    public async Task Plan_WithBehaviour_SaysWhichCalibrationIsInForce(string format, string expected)
    {
        // Given
        var plan = WritePlan(25);
        await Apply(plan, "run.journal", new ScriptedDriver());
        var behaviour = _directory.Path("behaviour.yaml");
        Assert.Equal(ExitCodes.Success, (await Run(new ScriptedDriver(), "calibrate", _directory.Path("run.journal"), "--out", behaviour)).ExitCode);

        // When
        var (exit, output, error) = await Run(new ScriptedDriver(), "plan", plan, "--format", format, "--behaviour", behaviour);

        // Then
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        if (format == "json")
        {
            Assert.Empty(SchemaCheck.Validate(output, "plan-output.v1.schema.json").Items);
            var used = JsonDocument.Parse(output).RootElement.GetProperty("behaviour_files")[0];
            Assert.Equal(("test", 25), (used.GetProperty("cluster").GetString(), used.GetProperty("calibration").GetProperty("attempts").GetInt32()));
        }
    }

    [Fact]
    public async Task Simulate_BehaviourFileWithAnImpossibleFigure_IsRefusedAtItsLine()
    {
        // Given: a hand-written behaviour file whose p95 is below its median
        var plan = WritePlan(2);
        var behaviour = _directory.Path("bad.yaml");
        File.WriteAllText(behaviour, "apiVersion: mplan/v1\nkind: Behaviour\nmetadata: {name: bad}\nbehaviour:\n  kinds:\n" +
            "    octavia.loadbalancer-failover:\n      duration: {lognormal: {median: 60s, p95: 30s}}\n");

        // When
        var (exit, _, error) = await Run(new ScriptedDriver(), "simulate", plan, "--behaviour", behaviour);

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains($"{behaviour}:7:", error, StringComparison.Ordinal);
        Assert.Contains("p95 at least as long as the median", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_FailuresOneAfterTheOther_AreReportedAsAnApiOutageGap()
    {
        // Given: one failover at a time; lb-05 fails both its attempts, lb-09 once (a lone failure is no outage)
        var plan = WritePlan(25, concurrency: 1);
        await Apply(plan, "run.journal", new ScriptedDriver().Fail("lb-05", 1).Fail("lb-05", 2).Fail("lb-09", 1), ExitCodes.Failed);

        // When
        var (exit, output, error) = await Run(new ScriptedDriver(), "calibrate", _directory.Path("run.journal"), "--out", _directory.Path("b.yaml"));

        // Then
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("24 succeeded of 27 attempts, 3 failed; 2 of 25 steps retried; up to 1 in flight (limit 1)\n", output, StringComparison.Ordinal);
        Assert.Contains("  API outage gaps: 1 (", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_ApprovedGates_FitsTheOperatorsResponseTime()
    {
        // Given: a run whose six gates were approved after 1, 2, ... 6 minutes, recorded as apply records them
        WritePlan(1);
        File.WriteAllText(_directory.Path("gates.yaml"), "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: gates}\n" +
            "windows: [{start: 2030-01-05T22:00:00Z, duration: 4h}]\nclusters: {test: {file: cluster.yaml}}\noperations:\n" +
            string.Concat(Enumerable.Range(1, 6).Select(i => $"  - {{id: gate-{i}, uses: manual.approval, cluster: test, with: {{message: go {i}}}}}\n")));
        var plan = SampleJournal.Plan(_directory.Path("gates.yaml"));
        var journalPath = _directory.Path("gates.journal");
        using (var journal = SampleJournal.Create(journalPath, plan))
        {
            var recorder = new RunEventRecorder(plan, SampleJournal.Origin, journal);
            var t = TimeSpan.Zero;
            recorder.RunStarted(t, "gates");
            foreach (var (gate, i) in plan.Graph.Steps.Where(s => s.Kind == StepKind.Gate).Select((s, i) => (s, i)))
            {
                recorder.StepStarted(new StepStart(gate.Index, 1, null), t);
                recorder.GateWaiting(gate.Id, gate.Index, gate.Operation, "go", null, t);
                t += TimeSpan.FromMinutes(i + 1);
                recorder.GateClosed(gate.Id, gate.Index, gate.Operation, "approved", "alice", null, t);
                recorder.StepFinished(gate.Index, StepState.Succeeded, null, t);
            }
        }

        // When
        var behaviour = _directory.Path("b.yaml");
        var (exit, output, error) = await Run(new ScriptedDriver(), "calibrate", journalPath, "--out", behaviour);

        // Then: the lognormal's median is the responses' geometric mean, (6!)^(1/6) minutes
        Assert.True(exit == ExitCodes.Success, error);
        var median = TimeSpan.FromMinutes(Math.Pow(720, 1.0 / 6));
        Assert.Contains($"operator response at gates: lognormal median {Planner.Documents.DurationText.Format(TimeSpan.FromMilliseconds(Math.Round(median.TotalMilliseconds)))} ", output, StringComparison.Ordinal);
        Assert.Contains("  operatorResponse: {lognormal: {median: ", File.ReadAllText(behaviour), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_TooFewAttempts_RefusesSayingHowManyItHasAndNeeds()
    {
        // Given
        var plan = WritePlan(5);
        await Apply(plan, "run.journal", new ScriptedDriver());
        var behaviour = _directory.Path("behaviour.yaml");

        // When
        var (exit, output, error) = await Run(new ScriptedDriver(), "calibrate", _directory.Path("run.journal"), "--out", behaviour);

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("not fitted: 5 successful attempts, needs 20", output, StringComparison.Ordinal);
        Assert.Contains("operator response at gates: not fitted: 0 approved gates, needs 5", output, StringComparison.Ordinal);
        Assert.Contains("refusing to calibrate from too little data", error, StringComparison.Ordinal);
        Assert.False(File.Exists(behaviour));
    }

    [Fact]
    public async Task Calibrate_OtherCluster_HasNoDataAndRefuses()
    {
        // Given
        var plan = WritePlan(25);
        await Apply(plan, "run.journal", new ScriptedDriver());

        // When
        var (exit, output, _) = await Run(new ScriptedDriver(), "calibrate", _directory.Path("run.journal"), "--cluster", "elsewhere", "--out", _directory.Path("b.yaml"));

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("Calibration from 1 journal, cluster elsewhere, no attempts", output, StringComparison.Ordinal);
    }

    private static double P50(string json) => JsonDocument.Parse(json).RootElement.GetProperty("makespan_seconds").GetProperty("p50").GetDouble();

    // The failover kind's lognormal median, as written: "duration: {lognormal: {median: 41ms, p95: ...}}".
    private static TimeSpan Median(string behaviour)
    {
        var start = behaviour.IndexOf("median: ", StringComparison.Ordinal) + "median: ".Length;
        return Planner.Documents.DurationText.Parse(behaviour[start..behaviour.IndexOf(',', start)]);
    }

    private async Task Apply(string plan, string journal, ScriptedDriver driver, int expected = ExitCodes.Success)
    {
        var (exit, _, error) = await Run(driver, "apply", plan, "--auto-approve", "--ignore-window", "--journal", _directory.Path(journal));
        Assert.True(exit == expected, error);
    }

    private static async Task<(int ExitCode, string Output, string Error)> Run(ScriptedDriver driver, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(TextWriter.Synchronized(output), TextWriter.Synchronized(error), new FileSystemSource()) { Drivers = (_, _) => [driver] };
        var exit = await CliApp.RunAsync(args, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private string WritePlan(int count, int concurrency = 5)
    {
        var cluster = new StringBuilder("apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: test}\nloadBalancers:\n");
        for (var i = 0; i < count; i++)
        {
            cluster.Append(CultureInfo.InvariantCulture, $"  - {{id: lb-{i:00}, name: lb-{i:00}, project: p, provider: amphora, provisioningStatus: ACTIVE, operatingStatus: ONLINE}}\n");
        }

        File.WriteAllText(_directory.Path("cluster.yaml"), cluster.ToString());
        File.WriteAllText(_directory.Path("plan.yaml"), $$$"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: calibrate-test}
            windows: [{start: 2030-01-05T22:00:00Z, duration: 4h, cutoff: 15m}]
            clusters: {test: {file: cluster.yaml}}
            operations:
              - id: failover
                uses: octavia.loadbalancer-failover
                cluster: test
                concurrency: {{{concurrency}}}
                duration: {expected: 100ms, max: 5s}
                retry: {attempts: 2, delay: 50ms}
            """);
        return _directory.Path("plan.yaml");
    }
}
