using System.Collections.Immutable;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Model;
using static Planner.Documents.NodeReader;

namespace Simulator.Behaviour;

/// <summary>
/// Binds a cluster's <c>behaviour</c> section (already checked against the cluster schema) and checks what the
/// schema cannot: ranges that are empty, a p95 below its median, outages that end before they start, targets the
/// cluster does not have. Problems are reported at file:line:col.
/// </summary>
public static class BehaviourBinder
{
    public static ClusterBehaviour Bind(ClusterInventory cluster, DiagnosticBag diagnostics) =>
        cluster.Behaviour is { } root ? Bind(root, cluster, diagnostics) : ClusterBehaviour.Empty;

    /// <summary>
    /// Binds a behaviour section: a cluster file's (whose targets it checks against <paramref name="cluster"/>), or a
    /// behaviour file's, which the schema gives no targets.
    /// </summary>
    public static ClusterBehaviour Bind(YMapping root, ClusterInventory? cluster, DiagnosticBag diagnostics)
    {
        var kinds = ImmutableDictionary.CreateBuilder<string, KindBehaviour>(StringComparer.Ordinal);
        foreach (var (key, value) in Map(root, "kinds")?.Entries ?? [])
        {
            var map = (YMapping)value;
            kinds[key.Value] = new KindBehaviour(Dist(map, "duration", diagnostics), Number(map, "failureProbability"), Migration(map, diagnostics), Number(map, "runSpread"));
        }

        var targets = ImmutableDictionary.CreateBuilder<string, TargetBehaviour>(StringComparer.Ordinal);
        var known = new Lazy<HashSet<string>>(() => cluster is null ? [] : KnownTargets(cluster));
        foreach (var (key, value) in Map(root, "targets")?.Entries ?? [])
        {
            if (!known.Value.Contains(key.Value))
            {
                var suggestion = Suggestions.Closest(key.Value, known.Value);
                diagnostics.Error(DiagnosticCodes.BehaviourUnknownTarget, key.Location,
                    $"behaviour.targets names {DiagnosticText.Quote(key.Value)}, which is not in cluster '{cluster?.Name}'",
                    suggestion is null ? "use a load balancer id or name, a node name or a subcloud name from this file" : $"did you mean '{suggestion}'?");
                continue;
            }

            var map = (YMapping)value;
            var fault = String(map, "fault") switch
            {
                "fails" => TargetFault.Fails,
                "stuck" => TargetFault.Stuck,
                "deleted" => TargetFault.Deleted,
                "offline" => TargetFault.Offline,
                _ => TargetFault.None,
            };
            targets[key.Value] = new TargetBehaviour(Dist(map, "duration", diagnostics), Number(map, "failureProbability"), Migration(map, diagnostics),
                fault, Bool(map, "startsInError") ?? false);
        }

        var outages = ImmutableArray.CreateBuilder<ApiOutage>();
        foreach (var item in (root["apiOutages"] as YSequence)?.Items ?? [])
        {
            var map = (YMapping)item;
            var outage = new ApiOutage(Duration(map, "from") ?? TimeSpan.Zero, Duration(map, "to") ?? TimeSpan.Zero,
                Duration(map, "failAfter") ?? BehaviourDefaults.OutageFailAfter);
            if (outage.To <= outage.From)
            {
                diagnostics.Error(DiagnosticCodes.BehaviourImpossible, map.Location,
                    $"the API outage ends ({DurationText.Format(outage.To)}) before it starts ({DurationText.Format(outage.From)})",
                    "from and to are offsets from the run's start: make to later than from");
            }

            outages.Add(outage);
        }

        return new ClusterBehaviour(Dist(root, "operatorResponse", diagnostics), outages.ToImmutable(), kinds.ToImmutable(), targets.ToImmutable())
        {
            OsdplRecoversAfter = Duration(Map(root, "osdpl"), "recoversAfter"),
        };
    }

    private static LiveMigrationBehaviour? Migration(YMapping map, DiagnosticBag diagnostics) =>
        Map(map, "liveMigration") is { } migration
            ? new LiveMigrationBehaviour(Dist(migration, "perInstance", diagnostics), Number(migration, "failureProbability"))
            : null;

    private static HashSet<string> KnownTargets(ClusterInventory cluster) =>
        cluster.LoadBalancers.SelectMany(lb => new[] { lb.Id, lb.Name })
            .Concat(cluster.Nodes.Select(n => n.Name))
            .Concat(cluster.Subclouds.Select(s => s.Name))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>One of <c>{fixed}</c>, <c>{uniform}</c>, <c>{normal}</c>, <c>{lognormal}</c>, <c>{samples}</c> (the schema allows exactly one).</summary>
    private static Distribution? Dist(YMapping parent, string key, DiagnosticBag diagnostics)
    {
        if (Map(parent, key) is not { } map)
        {
            return null;
        }

        double S(YNode? node) => node is YScalar s && DurationText.TryParse(s.Value, out var d) ? d.TotalSeconds : 0;
        if (map["fixed"] is { } fixedNode)
        {
            return new FixedDistribution(S(fixedNode));
        }

        if (map["uniform"] is YSequence { Items: [var lowNode, var highNode] })
        {
            var (low, high) = (S(lowNode), S(highNode));
            return high < low ? Impossible(diagnostics, map, "the uniform range's upper bound is below its lower bound", "write [low, high]") : new UniformDistribution(low, high);
        }

        if (Map(map, "normal") is { } normal)
        {
            return new NormalDistribution(S(normal["mean"]), S(normal["stddev"]));
        }

        if (Map(map, "lognormal") is { } lognormal)
        {
            var (median, p95) = (S(lognormal["median"]), S(lognormal["p95"]));
            if (median <= 0 || p95 < median)
            {
                return Impossible(diagnostics, lognormal, "a lognormal needs a median above zero and a p95 at least as long as the median",
                    "p95 is the time 95% of attempts stay under: e.g. {median: 60s, p95: 150s}");
            }

            return new LogNormalDistribution(median, p95);
        }

        return map["samples"] is YSequence samples ? new SamplesDistribution([.. samples.Items.Select(S)]) : null;
    }

    private static Distribution? Impossible(DiagnosticBag diagnostics, YNode at, string message, string hint)
    {
        diagnostics.Error(DiagnosticCodes.BehaviourImpossible, at.Location, message, hint);
        return null;
    }
}
