using System.Collections.Immutable;

namespace Simulator.Calibration;

/// <summary>What the journals of earlier applies say, gathered per operation kind: the input of <see cref="Calibrator"/>.</summary>
/// <param name="Journals">The journal files read, as given.</param>
/// <param name="Cluster">The cluster the data was restricted to, or null for every cluster in the journals.</param>
/// <param name="From">The first attempt's start, or null when there is none.</param>
/// <param name="To">The last attempt's end.</param>
/// <param name="Kinds">Per operation kind, its attempts.</param>
/// <param name="OperatorResponseSeconds">How long each approved gate waited for its operator.</param>
/// <param name="OutageGapSeconds">Each run of consecutive failed attempts on a cluster, from its first start to its last end.</param>
public sealed record CalibrationData(
    ImmutableArray<string> Journals,
    string? Cluster,
    DateTimeOffset? From,
    DateTimeOffset? To,
    ImmutableArray<KindObservations> Kinds,
    ImmutableArray<double> OperatorResponseSeconds,
    ImmutableArray<double> OutageGapSeconds);

/// <summary>
/// One kind's attempts: the durations of those that succeeded (the time its action takes), how many ended at all and how
/// many of them failed (the per-attempt failure rate), and how many steps needed a retry.
/// </summary>
public sealed record KindObservations(string Uses, ImmutableArray<double> SucceededSeconds, int EndedAttempts, int FailedAttempts, int Steps, int RetriedSteps)
{
    /// <summary>The most attempts of one operation in flight at once, and the largest concurrency limit the plans set: what the durations were measured under.</summary>
    public (int MostInFlight, int Limit) Concurrency { get; init; }

    /// <summary>Which run (journal, by index) each of <see cref="SucceededSeconds"/> comes from, for the run-to-run spread.</summary>
    public ImmutableArray<int> SucceededRuns { get; init; } = [];
}
