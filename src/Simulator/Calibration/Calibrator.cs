using System.Collections.Immutable;
using Simulator.Behaviour;

namespace Simulator.Calibration;

/// <summary>
/// Fits a behaviour from <see cref="CalibrationData"/>: per kind a lognormal by maximum likelihood (and, with enough
/// data, the measured durations themselves), the failure rate per attempt, and the operator's response time at gates.
/// A figure with too little data behind it is not fitted, and says how much it has and needs.
/// </summary>
public static class Calibrator
{
    /// <summary>Successful attempts a kind needs before its duration is fitted: below this a lognormal's p95 is guesswork.</summary>
    public const int MinimumDurations = 20;

    /// <summary>From this many, the behaviour keeps the measured durations (an empirical distribution) instead of the lognormal.</summary>
    public const int EmpiricalFrom = 200;

    /// <summary>Approved gates needed before the operator's response time is fitted.</summary>
    public const int MinimumResponses = 5;

    public static CalibrationResult Fit(CalibrationData data)
    {
        var kinds = ImmutableArray.CreateBuilder<KindFit>();
        foreach (var kind in data.Kinds.OrderBy(k => k.Uses, StringComparer.Ordinal))
        {
            var enough = kind.SucceededSeconds.Length >= MinimumDurations;
            var fit = enough ? LogNormalFit.Fit(kind.SucceededSeconds) : null;
            var spread = enough && kind.SucceededRuns.Length == kind.SucceededSeconds.Length ? RunSpreadFit.Fit(kind.SucceededSeconds, kind.SucceededRuns) : null;
            var failure = enough && kind.EndedAttempts > 0 ? (double)kind.FailedAttempts / kind.EndedAttempts : (double?)null;
            kinds.Add(new KindFit(kind, fit, fit is null ? null : Duration(kind, fit, spread), failure) { RunSpread = spread is { Between: > 0 } ? spread : null });
        }

        var responses = data.OperatorResponseSeconds.Length >= MinimumResponses ? LogNormalFit.Fit(data.OperatorResponseSeconds) : null;
        return new CalibrationResult(data, kinds.ToImmutable(), responses);
    }

    // With a run-to-run spread, the duration is what one attempt varies within a run (each run's durations divided by
    // its speed factor): the simulator multiplies a trial's draws by one factor of its own, so the spread is not counted twice.
    private static Distribution Duration(KindObservations kind, LogNormalFit fit, RunSpreadFit? spread)
    {
        var factors = spread is { Between: > 0 } ? RunFactors(kind) : null;
        var seconds = factors is null ? kind.SucceededSeconds : [.. kind.SucceededSeconds.Select((s, i) => s / factors[kind.SucceededRuns[i]])];
        if (seconds.Length >= EmpiricalFrom)
        {
            return new SamplesDistribution([.. seconds.Order()]);
        }

        return factors is null ? fit.ToDistribution() : new LogNormalFit(fit.Count, fit.Mu, spread!.Within, fit.KolmogorovSmirnovD).ToDistribution();
    }

    // Each run's geometric mean over the whole's, by run index.
    private static Dictionary<int, double> RunFactors(KindObservations kind)
    {
        var logs = kind.SucceededSeconds.Select(s => Math.Log(Math.Max(s, 0.001))).ToArray();
        var grand = logs.Average();
        return logs.Select((l, i) => (l, Run: kind.SucceededRuns[i])).GroupBy(x => x.Run).ToDictionary(g => g.Key, g => Math.Exp(g.Average(x => x.l) - grand));
    }
}

/// <summary>What <see cref="Calibrator.Fit"/> made of the data; <see cref="Behaviour"/> has what was fitted.</summary>
public sealed record CalibrationResult(CalibrationData Data, ImmutableArray<KindFit> Kinds, LogNormalFit? OperatorResponse)
{
    /// <summary>True when at least one figure was fitted: calibrate refuses to write a file otherwise.</summary>
    public bool FittedAnything => OperatorResponse is not null || Kinds.Any(k => k.Duration is not null);

    public ClusterBehaviour Behaviour => new(
        OperatorResponse?.ToDistribution(),
        [],
        Kinds.Where(k => k.Duration is not null)
            .ToImmutableDictionary(k => k.Observations.Uses, k => new KindBehaviour(k.Duration, k.FailureProbability, null, k.RunSpread?.Between), StringComparer.Ordinal),
        ImmutableDictionary<string, TargetBehaviour>.Empty);
}

/// <summary>One kind's fit: null figures were not fitted (too little data).</summary>
public sealed record KindFit(KindObservations Observations, LogNormalFit? LogNormal, Distribution? Duration, double? FailureProbability)
{
    /// <summary>How much whole runs differed in speed; null with fewer than two runs to compare, or none beyond noise.</summary>
    public RunSpreadFit? RunSpread { get; init; }
}
