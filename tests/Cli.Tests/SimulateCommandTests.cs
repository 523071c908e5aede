using System.Text;
using System.Text.Json;
using Cli.Tests.TestKit;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Events;
using Planner.Schema;

namespace Cli.Tests;

/// <summary><c>mplan simulate</c>: goldens for every example, the JSON contract, determinism, exit codes, saved plans, traces.</summary>
public sealed class SimulateCommandTests
{
    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "plans"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Simulate_Example_TextMatchesGolden(string example)
    {
        // When
        var (exit, output, error) = await Mplan.RunAsync("simulate", $"plans/{example}.yaml", "--trials", "20");

        // Then
        Assert.True(exit == 0, error);
        Golden.Assert(output, $"simulate/{example}.txt");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Simulate_Example_JsonMatchesGoldenAndTheSchema(string example)
    {
        // When
        var (exit, output, error) = await Mplan.RunAsync("simulate", $"plans/{example}.yaml", "--trials", "20", "--format", "json");

        // Then
        Assert.True(exit == 0, error);
        Golden.Assert(output, $"simulate/{example}.json");
        Assert.Empty(Validate(output, "simulate-output.v1.schema.json").Items.Select(d => d.ToString()));
        using var document = JsonDocument.Parse(output);
        foreach (var operation in document.RootElement.GetProperty("operations").EnumerateArray())
        {
            var statistics = operation.GetProperty("statistics").EnumerateObject().Sum(p => p.Value.GetInt32());
            Assert.Equal(operation.GetProperty("targets").GetInt32() + operation.GetProperty("skipped").GetInt32(), statistics);
        }
    }

    [Fact]
    public async Task SimulateJson_WithoutARequiredField_IsRejectedByTheSchema()
    {
        // Given
        var (_, output, _) = await Mplan.RunAsync("simulate", "plans/amphora-rotation.yaml", "--format", "json");
        var broken = output.Replace("\"fit_probability\":", "\"fit_chance\":", StringComparison.Ordinal);

        // When
        var diagnostics = Validate(broken, "simulate-output.v1.schema.json");

        // Then
        SchemaCheck.AssertMissing(diagnostics, "fit_probability");
    }

    [Fact]
    public async Task Simulate_SameSeed_SameBytes_OtherSeed_OtherBytes()
    {
        // When: many trials, so the parallel part runs on every core
        var first = await Mplan.RunAsync("simulate", "plans/combined.yaml", "--trials", "300", "--seed", "42", "--format", "json");
        var again = await Mplan.RunAsync("simulate", "plans/combined.yaml", "--trials", "300", "--seed", "42", "--format", "json");
        var other = await Mplan.RunAsync("simulate", "plans/combined.yaml", "--trials", "300", "--seed", "43", "--format", "json");

        // Then
        Assert.Equal(first.Output, again.Output);
        Assert.NotEqual(first.Output, other.Output);
    }

    [Fact]
    public async Task DetailedExitcode_WhenATrialBreaksAPolicy_Exits2_OtherwiseZero()
    {
        // Given: the cluster update stops at its first failed node; over 100 trials some fail
        var args = new[] { "simulate", "plans/cluster-update.yaml", "--trials", "100", "--format", "json" };

        // When
        var plain = await Mplan.RunAsync(args);
        var detailed = await Mplan.RunAsync([.. args, "--detailed-exitcode"]);
        var calm = await Mplan.RunAsync("simulate", "plans/amphora-expiry.yaml", "--trials", "20", "--detailed-exitcode");

        // Then
        using var document = JsonDocument.Parse(detailed.Output);
        Assert.True(document.RootElement.GetProperty("policy_breaches").GetInt32() > 0);
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(2, detailed.ExitCode);
        Assert.Equal(0, calm.ExitCode);
    }

    [Fact]
    public async Task Simulate_SavedPlan_GivesTheSameSimulationAsThePlanFile()
    {
        // Given
        var saved = Path.Combine(Path.GetTempPath(), $"mplan-saved-{Guid.NewGuid():N}.json");
        try
        {
            await Mplan.RunAsync("plan", "plans/kube-rootca-update.yaml", "--out", saved);

            // When
            var fromSaved = await Mplan.RunAsync("simulate", saved, "--trials", "10");
            var fromPlan = await Mplan.RunAsync("simulate", "plans/kube-rootca-update.yaml", "--trials", "10");

            // Then
            Assert.True(fromSaved.ExitCode == 0, fromSaved.Error);
            Assert.Equal(fromPlan.Output, fromSaved.Output);
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Fact]
    public async Task Trace_EveryLineFollowsTheEventSchema_AndCountsEveryAttempt()
    {
        // Given
        var trace = Path.Combine(Path.GetTempPath(), $"mplan-trace-{Guid.NewGuid():N}.jsonl");
        try
        {
            // When
            var (exit, output, _) = await Mplan.RunAsync("simulate", "plans/amphora-rotation.yaml", "--trace", trace, "--format", "json");

            // Then
            Assert.Equal(0, exit);
            var lines = File.ReadAllLines(trace);
            foreach (var line in lines)
            {
                Assert.Empty(Validate(line, "events.v1.schema.json").Items.Select(d => d.ToString()));
            }

            var events = lines.Select(RunEventJson.Parse).ToList();
            Assert.Equal(RunEventKind.RunStarted, events[0].Kind);
            Assert.Equal(RunEventKind.RunFinished, events[^1].Kind);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            using var document = JsonDocument.Parse(output);
            var attempts = document.RootElement.GetProperty("trial").GetProperty("steps").EnumerateArray().Sum(s => s.GetProperty("attempts").GetInt32());
            Assert.Equal(attempts, events.Count(e => e.Kind == RunEventKind.StepStarted));
        }
        finally
        {
            File.Delete(trace);
        }
    }

    [Fact]
    public async Task Simulate_ImpossibleBehaviour_IsReportedAtItsLineAndColumn()
    {
        // Given: a copy of the example cluster whose failover p95 is shorter than its median
        var directory = Directory.CreateTempSubdirectory("mplan-behaviour-");
        try
        {
            var cluster = File.ReadAllText("plans/clusters/osh-dev.yaml")
                .Replace("duration: {lognormal: {median: 70s, p95: 2m}}", "duration: {lognormal: {median: 70s, p95: 50s}}", StringComparison.Ordinal);
            var path = Path.Combine(directory.FullName, "osh-dev.yaml");
            File.WriteAllText(path, cluster);
            var line = cluster.Split('\n').ToList().FindIndex(l => l.Contains("p95: 50s", StringComparison.Ordinal)) + 1;

            // When
            var (exit, _, error) = await Mplan.RunAsync("simulate", "plans/amphora-rotation.yaml", "--cluster", $"osh-dev={path}");

            // Then
            Assert.Equal(1, exit);
            Assert.Contains($"{path}:{line}:", error);
            Assert.Contains("error MP501", error);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Simulate_UnknownBehaviourTarget_SuggestsTheClosestName()
    {
        // Given
        var directory = Directory.CreateTempSubdirectory("mplan-behaviour-");
        try
        {
            var path = Path.Combine(directory.FullName, "osh-dev.yaml");
            File.WriteAllText(path, File.ReadAllText("plans/clusters/osh-dev.yaml").Replace("lb-ci-19: {fault: deleted}", "lb-cl-19: {fault: deleted}", StringComparison.Ordinal));

            // When
            var (exit, _, error) = await Mplan.RunAsync("simulate", "plans/amphora-rotation.yaml", "--cluster", $"osh-dev={path}");

            // Then
            Assert.Equal(1, exit);
            Assert.Contains("error MP502", error);
            Assert.Contains("'lb-cl-19'", error);
            Assert.Contains("did you mean", error);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static DiagnosticBag Validate(string json, string schema) => SchemaCheck.Validate(json, schema);
}
