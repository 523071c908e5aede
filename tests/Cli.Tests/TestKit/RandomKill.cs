namespace Cli.Tests.TestKit;

/// <summary>
/// SIGKILL at a seeded random moment, the pattern of every kill-and-resume test: once the process printed a given line
/// (its journal exists, or enough work finished), after a random delay drawn from the seed. The seed goes into every
/// failure message, so that a failing moment can be replayed.
/// </summary>
internal sealed class RandomKill(int seed)
{
    public int Seed => seed;

    /// <summary>The draws of this seed, for tests that pick their moment themselves.</summary>
    public Random Random { get; } = new(seed);

    /// <summary>A seed from the clock, unless <c>MPLAN_KILL_SEED</c> names one (to replay a failure).</summary>
    public static RandomKill FromClock() =>
        new(int.TryParse(Environment.GetEnvironmentVariable("MPLAN_KILL_SEED"), out var seed) ? seed : Environment.TickCount & int.MaxValue);

    /// <summary>
    /// Kills <paramref name="child"/> once it printed a line that <paramref name="once"/> matches (when given) and a further
    /// delay drawn between <paramref name="min"/> and <paramref name="max"/> passed; true when it was still running then.
    /// </summary>
    public async Task<bool> KillAsync(MplanProcess child, Func<string, bool>? once, TimeSpan min, TimeSpan max, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (once is not null && !await child.WaitForLineAsync(once, limit))
        {
            return false;
        }

        if (max > TimeSpan.Zero)
        {
            await Task.Delay(min + ((max - min) * Random.NextDouble()));
        }

        return await child.KillAsync();
    }

    public override string ToString() => $"seed {seed}";
}
