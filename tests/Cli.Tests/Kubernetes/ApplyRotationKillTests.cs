using System.Globalization;
using Cli.Tests.TestKit;

namespace Cli.Tests.Kubernetes;

/// <summary>
/// The rotation killed with SIGKILL at a seeded random moment and resumed, for a few seeds: whatever the moment, no
/// finished step runs again, rotation_id is patched once, each LB's result is recorded once and the run succeeds.
/// <c>bench/kill-soak-kubernetes.sh</c> runs the same with many seeds.
/// </summary>
public sealed partial class ApplyRotationTests
{
    // The run takes a few seconds at 60x (Rockoon's 60 s sleep, three rounds of 75 s failovers): kills land anywhere in it.
    private static readonly TimeSpan KillWithin = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task Apply_KilledAtRandomMomentsThenResumed_EveryStepOnceAndOneRotation()
    {
        var seeds = System.Environment.GetEnvironmentVariable("MPLAN_KILL_SEEDS") is { Length: > 0 } listed
            ? listed.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))
            : [1205, 2207, 3301];
        foreach (var seed in seeds)
        {
            await KillAndResumeAsync(new RandomKill(seed));
        }
    }

    private async Task KillAndResumeAsync(RandomKill kill)
    {
        // Given: a fresh fake and journal; an apply killed once its journal exists and a random moment later
        foreach (var file in Directory.GetFiles(_directory.Root, "run.journal*"))
        {
            File.Delete(file);
        }

        await using var fake = await StartAsync(Cluster(""), speed: 60);
        bool killed;
        int exit;
        string context;
        using (var apply = StartApply(RotationPlan()))
        {
            killed = await kill.KillAsync(apply, _ => File.Exists(Journal), TimeSpan.Zero, KillWithin, Limit);
            exit = killed ? 0 : await apply.WaitForExitAsync(Limit);
            context = $"{kill}: the run ended before the kill\n{string.Join("\n", apply.Lines)}";
        }

        // When: resumed (a run that ended before the moment drawn is only checked)
        if (killed)
        {
            using var resume = MplanProcess.Start(_directory.Root, Environment(fake), "apply", "--resume", Journal, "--ignore-window", "--kubeconfig", Kubeconfig);
            exit = await resume.WaitForExitAsync(Limit);
            context = $"{kill}: killed mid-run\n{string.Join("\n", resume.Lines)}\n{await resume.ErrorAsync()}";
        }

        // Then
        _output.WriteLine($"{kill}: {(killed ? "killed mid-run" : "ended before the kill")}; {(killed ? "resume" : "run")} exited {exit}");
        Assert.True(exit == 0, context);
        Assert.Equal(5, RotationId(fake));
        Assert.Single(fake.Mosk.Requests, r => r.StartsWith("PATCH /apis/lcm.mirantis.com/v1alpha1/namespaces/openstack/openstackdeployments/osh-lab/status", StringComparison.Ordinal)
            && r.EndsWith("-> 200", StringComparison.Ordinal));
        var steps = Steps();
        Assert.All(steps, s => Assert.True(s.Value.State == "succeeded", $"{s.Key} {s.Value.State}: {context}"));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"rotate-ca/lb-{i}"), steps.Keys.Where(k => k.StartsWith("rotate-ca/lb-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // No finished step repeated: each finished once, and none started again after it finished
        var finished = StepEvents("step_finished");
        Assert.Equal(steps.Keys.Order(StringComparer.Ordinal), finished.Order(StringComparer.Ordinal));
        var events = Events();
        foreach (var step in steps.Keys)
        {
            var end = events.FindIndex(e => e.GetProperty("event").GetString() == "step_finished" && e.GetProperty("step").GetString() == step);
            Assert.DoesNotContain(events.Skip(end + 1), e => e.GetProperty("event").GetString() == "step_started" && e.GetProperty("step").GetString() == step);
        }
    }
}
