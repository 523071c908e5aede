using System.Diagnostics;
using System.Globalization;
using Planner.Plans;
using Simulator.Engine;
using Simulator.Sampling;

namespace Cli.Commands;

/// <summary>
/// The hidden <c>simulate --bench-core</c>: the simulation core's speed on one thread. Runs the trials one after the
/// other, as a Monte Carlo thread does (one reused runner), and reports step events per second (each attempt's start
/// and its end: completion or timeout).
/// </summary>
/// <remarks>
/// The trials run in ten rounds, timed apart. A shared machine's speed changes from second to second, so besides the
/// whole run it reports the median round and the best one (the machine's speed when nothing else took it, as
/// Python's timeit advises).
/// </remarks>
internal static class BenchCore
{
    private const int Rounds = 10;

    public static int Run(ResolvedPlan plan, SimulationProfile profile, ulong seed, int trials, TextWriter error)
    {
        var runner = new TrialRunner(plan, profile);
        var summarizer = new TrialSummarizer(plan);

        // Warm-up, not counted: the JIT recompiles the hot methods after enough calls (a few trials' worth).
        for (var trial = 0; trial < 5; trial++)
        {
            runner.Run(SplitMix64.TrialSeed(seed, trial));
        }

        var perRound = Math.Max(1, trials / Rounds);
        var rates = new List<double>();
        long events = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var first = 0; first < trials; first += perRound)
        {
            var roundStart = clock.Elapsed;
            long roundEvents = 0;
            for (var trial = first; trial < Math.Min(trials, first + perRound); trial++)
            {
                // Summarised as a Monte Carlo thread does; each attempt is two step events (its start and its end).
                roundEvents += summarizer.Summarize(runner.Run(SplitMix64.TrialSeed(seed, trial)), TimeSpan.MaxValue).Attempts * 2;
            }

            rates.Add(roundEvents / (clock.Elapsed - roundStart).TotalSeconds);
            events += roundEvents;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        rates.Sort();
        var median = rates[rates.Count / 2];
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"core: {trials} trials, {events} step events in {seconds:0.000} s on one thread ({cpu:0.000} s of CPU): {events / seconds:0} events/s, {trials / seconds:0.0} trials/s"));
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"core rounds of {perRound} trials: median {median:0} events/s, best {rates[^1]:0} events/s"));
        return ExitCodes.Success;
    }
}
