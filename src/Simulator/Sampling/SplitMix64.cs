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

    /// <summary>
    /// A standard normal draw: one uniform through the inverse normal CDF (Acklam's rational approximation, relative
    /// error below 1.2e-9). One draw per value keeps the stream keyed, and the central region needs no logarithm.
    /// </summary>
    public double NextGaussian() => InverseNormal(NextDouble());

    private static double InverseNormal(double p)
    {
        const double Low = 0.02425;
        if (p <= 0)
        {
            return -8.3;
        }

        if (p < Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Tail(q);
        }

        if (p > 1 - Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -Tail(q);
        }

        var c = p - 0.5;
        var r = c * c;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * c /
               (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
    }

    private static double Tail(double q) =>
        (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
        ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => p > 0 && NextDouble() < p;
}
