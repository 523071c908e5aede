using System.Globalization;
using System.Text;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Plans;
using static Planner.Documents.NodeReader;
using static Planner.Documents.YamlScalars;

namespace Simulator.Behaviour;

/// <summary>
/// A behaviour file (<c>schemas/behaviour.v1.schema.json</c>): a behaviour section of its own, given to
/// <c>simulate</c> and <c>plan</c> with <c>--behaviour</c> or named by a cluster file, usually written by
/// <c>mplan calibrate</c> with where its figures come from.
/// </summary>
public sealed record BehaviourFile(string Path, ClusterBehaviour Behaviour, BehaviourProvenance? Calibration)
{
    /// <summary>Loads, checks and binds the file; null with the problems in <paramref name="diagnostics"/>.</summary>
    public static BehaviourFile? Load(string path, IFileSource files, DiagnosticBag diagnostics, SourceLocation? namedAt = null)
    {
        if (PlanBuilder.LoadBehaviour(path, files, diagnostics, namedAt) is not { } root)
        {
            return null;
        }

        var before = diagnostics.Items.Count(d => d.IsError);
        var behaviour = BehaviourBinder.Bind(Map(root, "behaviour")!, null, diagnostics);
        var calibration = Map(Map(root, "metadata"), "calibration") is { } c
            ? new BehaviourProvenance([.. StringValues(c, "journals")], String(c, "cluster"), Time(c, "dataFrom")!.Value, Time(c, "dataTo")!.Value, Int(c, "attempts") ?? 0)
            : null;
        return diagnostics.Items.Count(d => d.IsError) > before ? null : new BehaviourFile(path, behaviour, calibration);
    }

    /// <summary>"FILE (calibrated from N journals, data of FROM..TO, AGE before the window)" or "FILE (not calibrated)".</summary>
    public string Describe(DateTimeOffset windowStart) => Calibration is { } c
        ? $"{Path} (calibrated from {c.Journals.Length} journal{(c.Journals.Length == 1 ? "" : "s")}{(c.Cluster is null ? "" : $" of cluster {c.Cluster}")}, " +
          $"{c.Attempts} attempts of {TimeText.Format(c.DataFrom)}..{TimeText.Format(c.DataTo)}, data {Age(c.DataTo, windowStart)})"
        : $"{Path} (written by hand, no calibration data)";

    /// <summary>How old the data is at the window's start: outputs stay the same bytes whenever they are made.</summary>
    public static string Age(DateTimeOffset dataTo, DateTimeOffset windowStart) => windowStart >= dataTo
        ? $"{DurationText.Format(TimeSpan.FromMinutes(Math.Floor((windowStart - dataTo).TotalMinutes)))} old at the window's start"
        : "newer than the window's start";

    /// <summary>Writes a behaviour file: <paramref name="behaviour"/>'s operator response and kinds, with the provenance.</summary>
    public static string Write(string name, ClusterBehaviour behaviour, BehaviourProvenance calibration)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line("# yaml-language-server: $schema=https://mplan.dev/schemas/behaviour.v1.schema.json");
        Line("# Written by mplan calibrate from the journals below; run it again on newer journals to refresh the figures.");
        Line("apiVersion: mplan/v1");
        Line("kind: Behaviour");
        Line("metadata:");
        Line($"  name: {Quote(name)}");
        Line("  calibration:");
        Line($"    journals: [{string.Join(", ", calibration.Journals.Select(Quote))}]");
        if (calibration.Cluster is { } cluster)
        {
            Line($"    cluster: {Quote(cluster)}");
        }

        Line($"    dataFrom: {Quote(TimeText.Format(calibration.DataFrom))}");
        Line($"    dataTo: {Quote(TimeText.Format(calibration.DataTo))}");
        Line($"    attempts: {calibration.Attempts.ToString(CultureInfo.InvariantCulture)}");
        Line("behaviour:");
        if (behaviour.OperatorResponse is { } response)
        {
            Line($"  operatorResponse: {Yaml(response)}");
        }

        if (!behaviour.Kinds.IsEmpty)
        {
            Line("  kinds:");
            foreach (var (uses, kind) in behaviour.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                Line($"    {uses}:");
                if (kind.Duration is { } duration)
                {
                    Line($"      duration: {Yaml(duration)}");
                }

                if (kind.FailureProbability is { } failure)
                {
                    Line($"      failureProbability: {Math.Round(failure, 6).ToString("0.######", CultureInfo.InvariantCulture)}");
                }

                if (kind.RunSpread is { } spread)
                {
                    Line($"      runSpread: {Math.Round(spread, 4).ToString("0.####", CultureInfo.InvariantCulture)}");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>A distribution in the behaviour section's flow form, durations to the millisecond.</summary>
    public static string Yaml(Distribution distribution) => distribution switch
    {
        FixedDistribution f => $"{{fixed: {D(f.Seconds)}}}",
        UniformDistribution u => $"{{uniform: [{D(u.Low)}, {D(u.High)}]}}",
        NormalDistribution n => $"{{normal: {{mean: {D(n.Mean)}, stddev: {D(n.StdDev)}}}}}",
        LogNormalDistribution l => $"{{lognormal: {{median: {D(l.Median)}, p95: {D(l.P95)}}}}}",
        SamplesDistribution s => $"{{samples: [{string.Join(", ", s.Seconds.Select(D))}]}}",
        _ => throw new ArgumentException($"no YAML form for {distribution.GetType().Name}", nameof(distribution)),
    };

    // At least a millisecond: a duration of 0s would make a lognormal's median invalid.
    private static string D(double seconds) => DurationText.Format(TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(seconds * 1000))));
}

/// <summary>Where a calibrated behaviour's figures come from: the journals, the cluster, and the dates of the data.</summary>
public sealed record BehaviourProvenance(System.Collections.Immutable.ImmutableArray<string> Journals, string? Cluster, DateTimeOffset DataFrom, DateTimeOffset DataTo, int Attempts);
