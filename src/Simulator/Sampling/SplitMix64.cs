namespace Simulator.Sampling;

/// <summary>
/// SplitMix64's finaliser: a cheap, well-mixed 64-bit hash. Trial seeds are derived from the run seed with it, and
/// every random draw is keyed by (trial, step, attempt) through it, so a draw never depends on the order of others.
/// </summary>
public static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public static ulong Mix(ulong value)
    {
        value += Gamma;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>The seed of trial <paramref name="trial"/> of a run seeded with <paramref name="runSeed"/>.</summary>
    public static ulong TrialSeed(ulong runSeed, int trial) => Mix(runSeed ^ Mix((ulong)trial * Gamma));
}

/// <summary>
/// A small random stream for one key: (trial seed, step, attempt) or (trial seed, purpose, n). Drawing from it is
/// SplitMix64's generator; the same key always gives the same draws, whatever else the trial sampled before.
/// </summary>
public struct KeyedRandom
{
    private ulong _state;

    public KeyedRandom(ulong trialSeed, int key, int sequence) =>
        _state = SplitMix64.Mix(trialSeed ^ SplitMix64.Mix(((ulong)(uint)key << 32) | (uint)sequence));

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A standard normal draw (Box-Muller; one of the pair is discarded, which keeps the stream keyed).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => p > 0 && NextDouble() < p;
}
