using System.Collections.Immutable;
using Executor.Journal;
using Simulator.Calibration;

namespace Cli.Commands;

/// <summary>Gathers what <c>mplan calibrate</c> fits from journals: attempts per kind, gate responses, API outage gaps.</summary>
internal static class CalibrationSource
{
    /// <summary>Consecutive failed attempts on a cluster that count as an outage, not as separate failures.</summary>
    public const int OutageFailures = 2;

    public static CalibrationData Read(IReadOnlyList<string> journals, string? cluster)
    {
        var attempts = new List<JournalAttempt>();
        var steps = new Dictionary<JournalAttempt, string>(ReferenceEqualityComparer.Instance);
        var responses = ImmutableArray.CreateBuilder<double>();
        var gaps = ImmutableArray.CreateBuilder<double>();
        var runs = new Dictionary<JournalAttempt, int>(ReferenceEqualityComparer.Instance);
        foreach (var (journal, run) in journals.Select((j, i) => (j, i)))
        {
            var own = JournalAttempts.Read(journal).Where(a => cluster is null || a.Cluster == cluster).ToList();
            attempts.AddRange(own);
            own.ForEach(a => runs[a] = run);
            own.ForEach(a => steps[a] = $"{journal}\n{a.StepId}");
            var operations = own.Select(a => a.Operation).ToHashSet(StringComparer.Ordinal);
            responses.AddRange(JournalReader.Read(journal).Gates
                .Where(g => g.State == JournalGates.Approved && g.ClosedAt is not null && (cluster is null || operations.Contains(g.Operation)))
                .Select(g => (g.ClosedAt!.Value - g.WaitingSince).TotalSeconds));
            foreach (var perCluster in own.GroupBy(a => a.Cluster, StringComparer.Ordinal))
            {
                gaps.AddRange(OutageGaps(perCluster));
            }
        }

        // Gates are the operator's time, and a phase or a live migration has figures of its own: none is a kind's action time.
        var actions = attempts.Where(a => a.StepKind == "action" && a.Action is not ("phase" or "live-migrate")).ToList();
        var kinds = actions.GroupBy(a => a.Uses, StringComparer.Ordinal)
            .Select(g => new KindObservations(g.Key,
                [.. g.Where(a => a.Outcome == "succeeded").Select(a => a.Duration!.Value.TotalSeconds)],
                g.Count(a => a.Outcome is "succeeded" or "failed"),
                g.Count(a => a.Outcome == "failed"),
                g.Select(a => steps[a]).Distinct(StringComparer.Ordinal).Count(),
                g.GroupBy(a => steps[a], StringComparer.Ordinal).Count(s => s.Max(a => a.Attempt) > 1))
            {
                Concurrency = (g.Max(a => a.InFlight), g.Max(a => a.Concurrency)),
                SucceededRuns = [.. g.Where(a => a.Outcome == "succeeded").Select(a => runs[a])],
            })
            .ToImmutableArray();
        var ended = attempts.Where(a => a.EndedAt is not null).ToList();
        return new CalibrationData([.. journals], cluster,
            attempts.Count == 0 ? null : attempts.Min(a => a.StartedAt),
            ended.Count == 0 ? null : ended.Max(a => a.EndedAt),
            kinds, responses.ToImmutable(), gaps.ToImmutable());
    }

    // A run of failed attempts, one after the other on the cluster with no success between them, is an API outage:
    // from the first one's start to the last one's end.
    private static IEnumerable<double> OutageGaps(IEnumerable<JournalAttempt> attempts)
    {
        var run = new List<JournalAttempt>();
        foreach (var attempt in attempts.Where(a => a.Outcome is "succeeded" or "failed").OrderBy(a => a.EndedAt))
        {
            if (attempt.Outcome == "failed")
            {
                run.Add(attempt);
                continue;
            }

            if (run.Count >= OutageFailures)
            {
                yield return (run.Max(a => a.EndedAt!.Value) - run.Min(a => a.StartedAt)).TotalSeconds;
            }

            run.Clear();
        }

        if (run.Count >= OutageFailures)
        {
            yield return (run.Max(a => a.EndedAt!.Value) - run.Min(a => a.StartedAt)).TotalSeconds;
        }
    }
}
