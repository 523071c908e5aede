using System.Collections.Immutable;

namespace Simulator.Behaviour;

/// <summary>
/// A cluster file's <c>behaviour</c> section, bound: how the fake cluster answers under <c>mplan simulate</c>. What
/// it leaves out falls back to <see cref="BehaviourDefaults"/>.
/// </summary>
public sealed record ClusterBehaviour(
    Distribution? OperatorResponse,
    ImmutableArray<ApiOutage> ApiOutages,
    ImmutableDictionary<string, KindBehaviour> Kinds,
    ImmutableDictionary<string, TargetBehaviour> Targets)
{
    public static ClusterBehaviour Empty { get; } = new(null, [], ImmutableDictionary<string, KindBehaviour>.Empty, ImmutableDictionary<string, TargetBehaviour>.Empty);

    /// <summary>
    /// When an OpenStackDeployment the inventory shows unsettled (not APPLIED, a component not Ready) settles, from the
    /// run's start (<c>osdpl.recoversAfter</c>); null: it stays as the inventory says for the whole run.
    /// </summary>
    public TimeSpan? OsdplRecoversAfter { get; init; }

    /// <summary>This behaviour with <paramref name="over"/>'s figures in place of its own, figure by figure; targets stay this one's.</summary>
    public ClusterBehaviour OverlaidWith(ClusterBehaviour over) => this with
    {
        OperatorResponse = over.OperatorResponse ?? OperatorResponse,
        ApiOutages = over.ApiOutages.IsEmpty ? ApiOutages : over.ApiOutages,
        Kinds = Kinds.SetItems(over.Kinds.Select(k => KeyValuePair.Create(k.Key, Kinds.TryGetValue(k.Key, out var own)
            ? new KindBehaviour(k.Value.Duration ?? own.Duration, k.Value.FailureProbability ?? own.FailureProbability, k.Value.LiveMigration ?? own.LiveMigration,
                k.Value.RunSpread ?? own.RunSpread)
            : k.Value))),
    };
}

/// <summary>
/// Per operation kind (<c>octavia.loadbalancer-failover</c>, …): the duration of its actions and their failure rate;
/// <paramref name="RunSpread"/> is the σ of a lognormal speed factor (median 1) drawn once per run that multiplies
/// every action duration of the kind in that run (how much whole runs differ: the load of the day).
/// </summary>
public sealed record KindBehaviour(Distribution? Duration, double? FailureProbability, LiveMigrationBehaviour? LiveMigration, double? RunSpread = null);

/// <summary>Per target (by id or name): overrides, and a fault that the target always shows.</summary>
public sealed record TargetBehaviour(
    Distribution? Duration,
    double? FailureProbability,
    LiveMigrationBehaviour? LiveMigration,
    TargetFault Fault,
    bool StartsInError);

/// <summary>Live migration of a compute node's instances: time per instance and the chance one fails per attempt.</summary>
public sealed record LiveMigrationBehaviour(Distribution? PerInstance, double? FailureProbability);

/// <summary>A time range, from the run's start, in which every API call fails: attempts running in it fail after <see cref="FailAfter"/>.</summary>
public sealed record ApiOutage(TimeSpan From, TimeSpan To, TimeSpan FailAfter);

/// <summary>What a target always does when it is handled.</summary>
public enum TargetFault
{
    None,

    /// <summary>Every attempt fails (the LB goes to ERROR each time, the node update breaks).</summary>
    Fails,

    /// <summary>Never leaves PENDING_UPDATE: every attempt runs past the step's timeout.</summary>
    Stuck,

    /// <summary>Deleted while being handled: the first attempt ends CANCELLED.</summary>
    Deleted,

    /// <summary>A subcloud that goes offline during its update: the attempt fails.</summary>
    Offline,
}
