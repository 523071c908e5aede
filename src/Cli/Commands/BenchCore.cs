using System.Diagnostics;
using System.Globalization;
using Planner.Plans;
using Simulator.Engine;

namespace Cli.Commands;

/// <summary>
/// The hidden <c>simulate --bench-core</c>: the simulation core's speed on one thread. Runs the trials one after the
/// other and reports step events per second (each attempt's start and its end: completion or timeout).
/// </summary>
internal static class BenchCore
{
    public static int Run(ResolvedPlan plan, SimulationProfile profile, ulong seed, int trials, TextWriter error)
    {
        // Warm-up: the JIT and the caches, not counted.
        Trial.Run(plan, profile, Simulator.Sampling.SplitMix64.TrialSeed(seed, 0));
        long attempts = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var trial = 0; trial < trials; trial++)
        {
            var run = Trial.Run(plan, profile, Simulator.Sampling.SplitMix64.TrialSeed(seed, trial));
            for (var step = 0; step < plan.Graph.Steps.Length; step++)
            {
                attempts += run.Timeline.Scheduler.AttemptOf(step);
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var events = attempts * 2;
        // CPU time too: on a shared machine the wall clock also counts the time other processes had the core.
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"core: {trials} trials, {events} step events in {seconds:0.000} s on one thread: {events / seconds:0} events/s, {trials / seconds:0.0} trials/s; {cpu:0.000} s of CPU: {events / cpu:0} events per CPU second"));
        return ExitCodes.Success;
    }
}
