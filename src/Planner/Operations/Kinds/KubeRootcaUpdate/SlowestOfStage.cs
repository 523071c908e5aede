namespace Planner.Operations.Kinds;

/// <summary>
/// How much longer than one subcloud a stage of k subclouds takes: it ends with its slowest member. Each subcloud's
/// time is taken as log-normal around the plan's expected time with the spread of the behaviour model's figure for a
/// subcloud (<see cref="ProcedureFigures.SubcloudRootCaUpdate"/>, as the simulator draws it), and the slowest of k by
/// Blom's order-statistic estimate.
/// </summary>
internal static class SlowestOfStage
{
    private static readonly double Sigma = ProcedureFigures.SubcloudRootCaUpdate.Sigma;

    /// <summary>The factor for a stage of <paramref name="members"/> subclouds (1 for one).</summary>
    public static double Factor(int members) => members <= 1 ? 1 : Math.Exp(Sigma * UpperQuantile((members - 0.375) / (members + 0.25)));

    // Abramowitz and Stegun 26.2.23: the standard normal quantile for p in [0.5, 1), within 4.5e-4.
    private static double UpperQuantile(double p)
    {
        var t = Math.Sqrt(-2 * Math.Log(1 - p));
        return t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t)));
    }
}
