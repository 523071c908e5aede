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
            Distribution? duration = fit is null ? null
                : kind.SucceededSeconds.Length >= EmpiricalFrom ? new SamplesDistribution([.. kind.SucceededSeconds.Order()]) : fit.ToDistribution();
            var failure = enough && kind.EndedAttempts > 0 ? (double)kind.FailedAttempts / kind.EndedAttempts : (double?)null;
            kinds.Add(new KindFit(kind, fit, duration, failure));
        }

        var responses = data.OperatorResponseSeconds.Length >= MinimumResponses ? LogNormalFit.Fit(data.OperatorResponseSeconds) : null;
        return new CalibrationResult(data, kinds.ToImmutable(), responses);
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
            .ToImmutableDictionary(k => k.Observations.Uses, k => new KindBehaviour(k.Duration, k.FailureProbability, null), StringComparer.Ordinal),
        ImmutableDictionary<string, TargetBehaviour>.Empty);
}

/// <summary>One kind's fit: null figures were not fitted (too little data).</summary>
public sealed record KindFit(KindObservations Observations, LogNormalFit? LogNormal, Distribution? Duration, double? FailureProbability);
