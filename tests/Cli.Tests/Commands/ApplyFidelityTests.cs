using System.Text.Json;
using Cli.Tests.TestKit;
using Executor.Tests.OpenStack;
using Planner.Events;
using Tests.Shared;
using Xunit.Abstractions;

namespace Cli.Tests.Commands;

/// <summary>
/// The short version of <c>bench/fidelity.sh</c> against the real Octavia: one apply to calibrate from, then two
/// applies each predicted first (the plan's p50 and simulate's p10-p90 band with the calibration, and the same with
/// the defaults). The limits are loose: on a shared machine Octavia's speed changes by a third from one run to the next
/// with the load (bench/README.md, fidelity.sh), which one calibration run cannot foresee; the defaults are off by
/// about ten times, so the calibration must still be nearer. The bench measures the real figures. It runs alone
/// (<see cref="TimedAloneCollection"/>), after the other Octavia tests.
/// </summary>
[Collection(TimedAloneCollection.Name)]
public sealed class ApplyFidelityTests(ITestOutputHelper output)
{
    private const int LoadBalancers = 25;
    private const double MaxError = 0.50;
    private const double BandSlack = 0.40;

    [OctaviaFact]
    public async Task Apply_PredictedFromACalibratedRun_MakespanNearThePredictionAndBetterThanTheDefaults()
    {
        // Given: LBs in a project of their own, their inventory, a plan failing them over 5 at once with the guide's minute
        var url = OctaviaLab.Require();
        var project = "mplan-fidelity-" + Guid.NewGuid().ToString("N")[..8];
        await using var lab = new OctaviaLab(project);
        await lab.SeedAsync("fidelity", LoadBalancers);
        using var directory = new TempDirectory();
        var environment = OctaviaApply.Environment(url, directory.Root);
        await OctaviaApply.WriteInventoryAsync(directory.Path("cluster.yaml"), environment);
        var plan = directory.Path("plan.yaml");
        await File.WriteAllTextAsync(plan, OctaviaApply.FailoverPlan("fidelity", project, concurrency: 5, "1m", "5m"));

        // Given: one run, and the behaviour calibrated from its journal
        var first = await ApplyAsync(directory, environment, "calibration.journal");
        var calibration = directory.Path("calibration.yaml");
        var (exit, _, error) = await Mplan.RunAsync("calibrate", directory.Path("calibration.journal"), "--out", calibration);
        Assert.True(exit == 0, error);
        output.WriteLine($"calibration run: {first:F1} s");

        for (var run = 1; run <= 2; run++)
        {
            // When: predicted, then applied (the inventory read again: each failover gives the LBs new amphorae, and
            // apply refuses a plan whose targets changed since)
            await OctaviaApply.WriteInventoryAsync(directory.Path("cluster.yaml"), environment);
            var calibrated = await PredictAsync(plan, "--behaviour", calibration);
            var defaults = await PredictAsync(plan);
            var actual = await ApplyAsync(directory, environment, $"run-{run}.journal");

            // Then: the calibrated prediction is near the actual makespan, within the band give or take, and nearer than the defaults'
            var error1 = Math.Abs(calibrated.Expected - actual) / actual;
            var error0 = Math.Abs(defaults.Expected - actual) / actual;
            output.WriteLine($"run {run}: actual {actual:F1} s; calibrated {calibrated.Expected:F1} s ({error1:P1}), band {calibrated.P10:F1}-{calibrated.P90:F1} s; " +
                $"defaults {defaults.Expected:F1} s ({error0:P1})");
            Assert.True(error1 <= MaxError, $"run {run}: predicted {calibrated.Expected:F1} s, took {actual:F1} s ({error1:P1} off)");
            Assert.InRange(actual, calibrated.P10 * (1 - BandSlack), calibrated.P90 * (1 + BandSlack));
            Assert.True(error1 < error0, $"run {run}: the calibration ({error1:P1} off) is no better than the defaults ({error0:P1})");
        }
    }

    private async Task<double> ApplyAsync(TempDirectory directory, IReadOnlyDictionary<string, string?> environment, string journal)
    {
        using var apply = MplanProcess.Start(directory.Root, environment,
            "apply", "plan.yaml", "--auto-approve", "--ignore-window", "--journal", directory.Path(journal), "--format", "json");
        var exit = await apply.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"apply exited {exit}: {await apply.ErrorAsync()}");
        var events = JournalEvents.Read(directory.Path(journal));
        return (events.Single(e => e.Kind == RunEventKind.RunFinished).At - events.Single(e => e.Kind == RunEventKind.RunStarted).At).TotalSeconds;
    }

    // The plan's p50 as the expected makespan, simulate's p10-p90 as the band: both from the same behaviour model.
    private static async Task<(double Expected, double P10, double P90)> PredictAsync(string plan, params string[] behaviour)
    {
        var (planExit, planJson, planError) = await Mplan.RunAsync(["plan", plan, "--format", "json", .. behaviour]);
        Assert.True(planExit == 0, planError);
        var (simulateExit, simulateJson, simulateError) = await Mplan.RunAsync(["simulate", plan, "--trials", "300", "--format", "json", .. behaviour]);
        Assert.True(simulateExit == 0, simulateError);
        using var planned = JsonDocument.Parse(planJson);
        using var simulated = JsonDocument.Parse(simulateJson);
        var band = simulated.RootElement.GetProperty("makespan_seconds");
        return (planned.RootElement.GetProperty("distribution").GetProperty("makespan_seconds").GetProperty("p50").GetDouble(),
            band.GetProperty("p10").GetDouble(), band.GetProperty("p90").GetDouble());
    }
}
