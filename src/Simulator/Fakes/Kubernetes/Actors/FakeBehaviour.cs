using System.Collections.Immutable;
using Planner.Documents;
using Planner.Model;
using Simulator.Behaviour;
using Simulator.Sampling;
using static Planner.Documents.NodeReader;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>How the rotation ends once its failover Job has run (<c>behaviour.kubernetes.rotation.outcome</c>).</summary>
public enum RotationOutcome
{
    /// <summary>status.osdpl.state APPLIED (what Rockoon does, even with FAILED load balancers).</summary>
    Applied,

    /// <summary>status.osdpl.state FAILED (a kopf PermanentError after the Job).</summary>
    Failed,

    /// <summary>status.osdpl.state stays APPLYING (the controller keeps retrying something else).</summary>
    Stuck,
}

/// <summary>
/// The knobs the fake's actors take from the cluster file's <c>behaviour</c> section: the simulator's per-kind and
/// per-target figures (failover and node-update durations, failure rates, faults, live migration) and the
/// fake-only <c>behaviour.kubernetes</c> block (failover Job crashes, the rotation's end state, DaemonSet pods).
/// </summary>
public sealed record FakeBehaviour
{
    /// <summary>The simulator's view of the behaviour section.</summary>
    public ClusterBehaviour Cluster { get; init; } = ClusterBehaviour.Empty;

    /// <summary>How many failover Jobs crash (Pod and Job Failed) before one runs to the end.</summary>
    public int FailoverJobCrashes { get; init; }

    /// <summary>The osdpl state after the Job completed.</summary>
    public RotationOutcome RotationOutcome { get; init; } = RotationOutcome.Applied;

    /// <summary>How long after a DaemonSet pod is deleted its replacement appears.</summary>
    public TimeSpan PodRecreateAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a new DaemonSet pod takes to become Ready.</summary>
    public TimeSpan PodReadyAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Nodes whose replacement DaemonSet pods never become Ready.</summary>
    public ImmutableHashSet<string> PodsNeverReadyOn { get; init; } = [];

    /// <summary>The seed of every random choice.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Reads the behaviour of <paramref name="inventory"/> (already schema-checked); what it leaves out keeps the defaults.</summary>
    /// <param name="inventory">The cluster file.</param>
    /// <param name="seed">The seed of every random choice.</param>
    public static FakeBehaviour From(ClusterInventory inventory, int seed)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var cluster = BehaviourBinder.Bind(inventory, new Planner.Diagnostics.DiagnosticBag());
        var behaviour = new FakeBehaviour { Cluster = cluster, Seed = seed };
        if (inventory.Behaviour is not { } root || Map(root, "kubernetes") is not { } kubernetes)
        {
            return behaviour;
        }

        var rotation = Map(kubernetes, "rotation");
        var pods = Map(kubernetes, "daemonSetPods");
        return behaviour with
        {
            FailoverJobCrashes = Int(rotation, "failoverJobCrashes") ?? 0,
            RotationOutcome = String(rotation, "outcome") switch
            {
                "failed" => RotationOutcome.Failed,
                "stuck" => RotationOutcome.Stuck,
                _ => RotationOutcome.Applied,
            },
            PodRecreateAfter = NodeReader.Duration(pods, "recreateAfter") ?? behaviour.PodRecreateAfter,
            PodReadyAfter = NodeReader.Duration(pods, "readyAfter") ?? behaviour.PodReadyAfter,
            PodsNeverReadyOn = [.. StringValues(pods, "neverReadyOn")],
        };
    }

    /// <summary>The target's behaviour by id or name, if the file has one.</summary>
    /// <param name="keys">The target's id and name.</param>
    public TargetBehaviour? Target(params string[] keys) =>
        keys.Select(k => Cluster.Targets.TryGetValue(k, out var t) ? t : null).FirstOrDefault(t => t is not null);

    /// <summary>The duration of one action of <paramref name="kind"/> on a target: the target's, else the kind's, else mplan's default.</summary>
    /// <param name="kind">The operation kind, e.g. <c>octavia.loadbalancer-failover</c>.</param>
    /// <param name="target">The target's behaviour, if any.</param>
    /// <param name="fallback">When neither the file nor the defaults have a figure.</param>
    /// <param name="random">The keyed random stream to draw from.</param>
    public TimeSpan Duration(string kind, TargetBehaviour? target, TimeSpan fallback, ref KeyedRandom random)
    {
        var distribution = target?.Duration
            ?? (Cluster.Kinds.TryGetValue(kind, out var k) ? k.Duration : null)
            ?? BehaviourDefaults.For(kind).Duration;
        return distribution?.Sample(ref random) ?? fallback;
    }

    /// <summary>The chance that one action of <paramref name="kind"/> fails: the target's, else the kind's, else the default.</summary>
    /// <param name="kind">The operation kind.</param>
    /// <param name="target">The target's behaviour, if any.</param>
    public double FailureProbability(string kind, TargetBehaviour? target) =>
        target?.FailureProbability
        ?? (Cluster.Kinds.TryGetValue(kind, out var k) ? k.FailureProbability : null)
        ?? BehaviourDefaults.For(kind).FailureProbability
        ?? 0;

    /// <summary>Live migration for a node: the target's, else the kind's, else the default.</summary>
    /// <param name="target">The node's behaviour, if any.</param>
    public LiveMigrationBehaviour LiveMigration(TargetBehaviour? target) =>
        target?.LiveMigration
        ?? (Cluster.Kinds.TryGetValue("mosk.cluster-update", out var k) ? k.LiveMigration : null)
        ?? BehaviourDefaults.LiveMigration;

    /// <summary>A keyed random stream for one decision about one target, stable across runs with the same seed.</summary>
    /// <param name="target">The target's id or name.</param>
    /// <param name="sequence">Which decision (attempt number, instance index, …).</param>
    public KeyedRandom Random(string target, int sequence) => new((ulong)Seed, StableHash(target), sequence);

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
