using System.Collections.Immutable;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Model;
using Planner.Plans;
using Simulator.Behaviour;

namespace Simulator.Engine;

/// <summary>
/// The fake clusters of one plan, compiled: one <see cref="StepProfile"/> per step (null for milestones), the
/// operator's response time, and the targets that start in ERROR. Immutable and shared by all trials.
/// </summary>
public sealed class SimulationProfile
{
    private SimulationProfile(ExecutionGraph graph, StepProfile?[] steps, Distribution operatorResponse, ImmutableHashSet<string> targetsInError)
    {
        Graph = graph;
        Steps = steps;
        OperatorResponse = operatorResponse;
        TargetsInError = targetsInError;
    }

    /// <summary>The plan's graph the profiles are for.</summary>
    public ExecutionGraph Graph { get; }

    /// <summary>Per step; steps that answer alike share an instance.</summary>
    internal StepProfile?[] Steps { get; }

    /// <summary>How long the operator takes at a gate, for a manual node and to resume a paused run.</summary>
    public Distribution OperatorResponse { get; }

    /// <summary>Load balancers whose provisioning status is ERROR before their failover (inventory or behaviour): RECOVERY_FAILED when they fail.</summary>
    public ImmutableHashSet<string> TargetsInError { get; }

    /// <summary>The behaviour files in force, by cluster name (<c>--behaviour</c>, or the one a cluster file names).</summary>
    public ImmutableSortedDictionary<string, BehaviourFile> BehaviourFiles { get; private set; } = ImmutableSortedDictionary<string, BehaviourFile>.Empty;

    /// <summary>
    /// Binds every cluster's behaviour section, overlays the behaviour file given for the cluster (by name) and compiles
    /// the profiles; null with errors in <paramref name="diagnostics"/>.
    /// </summary>
    public static SimulationProfile? Build(ResolvedPlan plan, DiagnosticBag diagnostics, IReadOnlyDictionary<string, BehaviourFile>? files = null)
    {
        files ??= ImmutableDictionary<string, BehaviourFile>.Empty;
        var behaviours = plan.Clusters
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => files.TryGetValue(g.Key, out var file)
                ? BehaviourBinder.Bind(g.First(), diagnostics).OverlaidWith(file.Behaviour)
                : BehaviourBinder.Bind(g.First(), diagnostics), StringComparer.Ordinal);
        if (diagnostics.HasErrors)
        {
            return null;
        }

        var profile = Build(plan, behaviours);
        profile.BehaviourFiles = files.Where(f => behaviours.ContainsKey(f.Key)).ToImmutableSortedDictionary(StringComparer.Ordinal);
        return profile;
    }

    /// <summary>Compiles the profiles from bound behaviours (by cluster name; a missing one means defaults).</summary>
    public static SimulationProfile Build(ResolvedPlan plan, IReadOnlyDictionary<string, ClusterBehaviour> behaviours)
    {
        var operatorResponse = plan.Clusters.Select(c => behaviours.GetValueOrDefault(c.Name)?.OperatorResponse).FirstOrDefault(d => d is not null)
            ?? BehaviourDefaults.OperatorResponse;
        var steps = new StepProfile?[plan.Graph.Steps.Length];
        var distinct = new Dictionary<StepProfile, StepProfile>();
        var inError = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        // Scanned once per list of load balancers, not once per operation: the clusters of one file share its list, and
        // a scan of 100,000 LBs is 7 ms (the 100k-LB plan's seven operations on one file spent 45 ms of CPU here).
        var errorLbsOf = new Dictionary<ImmutableArray<LoadBalancer>, HashSet<string>>();
        foreach (var operation in plan.Operations)
        {
            var cluster = plan.Clusters.FirstOrDefault(c => c.Name == operation.Cluster);
            var behaviour = behaviours.GetValueOrDefault(operation.Cluster) ?? ClusterBehaviour.Empty;
            var kind = behaviour.Kinds.GetValueOrDefault(operation.Spec.Uses);
            var defaults = BehaviourDefaults.For(operation.Spec.Uses);
            var outages = behaviour.ApiOutages.ToArray();
            var names = behaviour.Targets.IsEmpty ? null : operation.Targets.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
            var errorLbs = cluster is null || operation.Targets.IsEmpty ? [] : ErrorLoadBalancers(cluster.LoadBalancers, errorLbsOf);
            var instances = new Lazy<Dictionary<string, int>>(() => InstancesToMigrate(cluster));
            // A plan of 100,000 targets compiles the same few profiles over and over: one per distinct input.
            var compiledFor = new Dictionary<(string Action, StepKind Kind, TimeSpan Expected, TargetBehaviour? Target, int Instances), StepProfile>();
            // Consecutive targets' steps mostly have the same inputs: compare with the last ones before hashing.
            (string Action, StepKind Kind, TimeSpan Expected, TargetBehaviour? Target, int Instances) lastKey = default;
            StepProfile? last = null;
            for (var index = operation.StartStep; index <= operation.DoneStep; index++)
            {
                var step = plan.Graph.Steps[index];
                if (step.Operation != operation.Index || step.Kind == StepKind.Milestone)
                {
                    continue;
                }

                var target = step.TargetId is { } id && names is not null ? TargetOf(behaviour, id, names.GetValueOrDefault(id)) : null;
                var migrating = step.Action == "live-migrate" ? instances.Value.GetValueOrDefault(step.TargetId ?? "", 1) : 0;
                var key = (step.Action, step.Kind, step.Expected, target, migrating);
                if (last is null || key != lastKey)
                {
                    if (!compiledFor.TryGetValue(key, out last))
                    {
                        last = step.Action == Planner.Operations.Kinds.RotateCertificatesKind.JobFailoverAction
                            ? CompileJobFailover(step, kind ?? behaviour.Kinds.GetValueOrDefault("octavia.loadbalancer-failover"), target, outages)
                            : Compile(step, kind, defaults, target, outages, operatorResponse, migrating);
                        last = distinct.TryAdd(last, last) ? last : distinct[last];
                        compiledFor[key] = last;
                    }

                    lastKey = key;
                }

                var compiled = last;

                if (step.Action == Planner.Operations.Kinds.OsdplHealthKind.CheckAction && cluster is not null &&
                    Planner.Operations.Kinds.OsdplHealthKind.FailingNow(cluster.Deployment, operation.Spec) is { } finding)
                {
                    compiled = UnsettledPreflight(compiled, finding, behaviour.OsdplRecoversAfter);
                }

                steps[index] = compiled;
            }

            foreach (var target in operation.Targets)
            {
                if (errorLbs.Contains(target.Id) || (names is not null && TargetOf(behaviour, target.Id, target.Name)?.StartsInError == true))
                {
                    inError.Add(target.Id);
                }
            }
        }

        return new SimulationProfile(plan.Graph, steps, operatorResponse, inError.ToImmutable());
    }

    private static HashSet<string> ErrorLoadBalancers(ImmutableArray<LoadBalancer> loadBalancers, Dictionary<ImmutableArray<LoadBalancer>, HashSet<string>> known)
    {
        if (!known.TryGetValue(loadBalancers, out var ids))
        {
            ids = loadBalancers.Where(l => l.ProvisioningStatus == "ERROR").Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            known[loadBalancers] = ids;
        }

        return ids;
    }

    /// <summary>Every step takes its expected time and succeeds: the estimate's world, for checking the engine against it.</summary>
    public static SimulationProfile Expected(ResolvedPlan plan)
    {
        var steps = plan.Graph.Steps
            .Select(s => s.Kind == StepKind.Milestone ? null : new StepProfile { Duration = new FixedDistribution(s.Expected.TotalSeconds), FailureProbability = 0, Outages = [] })
            .ToArray();
        return new SimulationProfile(plan.Graph, steps, new FixedDistribution(0), []);
    }

    private static TargetBehaviour? TargetOf(ClusterBehaviour behaviour, string id, string? name) =>
        behaviour.Targets.GetValueOrDefault(id) ?? (name is null ? null : behaviour.Targets.GetValueOrDefault(name));

    private static StepProfile Compile(Step step, KindBehaviour? kind, KindBehaviour defaults, TargetBehaviour? target,
        ApiOutage[] outages, Distribution operatorResponse, int instances)
    {
        if (step.Kind == StepKind.Gate)
        {
            return new StepProfile { Duration = operatorResponse, FailureProbability = 0, IsGate = true, Outages = [] };
        }

        if (step.Action == "live-migrate")
        {
            var migration = target?.LiveMigration;
            var kindMigration = kind?.LiveMigration;
            var fallback = defaults.LiveMigration ?? BehaviourDefaults.LiveMigration;
            return new StepProfile
            {
                Duration = migration?.PerInstance ?? kindMigration?.PerInstance ?? fallback.PerInstance!,
                FailureProbability = 0,
                Instances = instances,
                InstanceFailureProbability = migration?.FailureProbability ?? kindMigration?.FailureProbability ?? fallback.FailureProbability ?? 0,
                Outages = outages,
            };
        }

        // Cluster-wide phases keep their plan-relative time: the kind's figure is per node.
        var kindDuration = step.Action == "phase" ? null : kind?.Duration ?? defaults.Duration;
        return new StepProfile
        {
            Duration = target?.Duration ?? kindDuration ?? BehaviourDefaults.AroundExpected(step.Expected),
            FailureProbability = target?.FailureProbability ?? kind?.FailureProbability ?? defaults.FailureProbability ?? 0,
            RunSpread = step.Action == "phase" ? 0 : kind?.RunSpread ?? 0,
            Fault = target?.Fault ?? TargetFault.None,
            Outages = outages,
        };
    }

    // What plan says of the inventory holds in the simulation: the preflight fails until the deployment settles, if ever.
    private static StepProfile UnsettledPreflight(StepProfile compiled, string finding, TimeSpan? recoversAfter) => compiled with
    {
        FailsUntil = recoversAfter ?? TimeSpan.MaxValue,
        FailureDetail = recoversAfter is { } at
            ? $"{finding} (the inventory; behaviour osdpl.recoversAfter: {Planner.Documents.DurationText.Format(at)})"
            : $"{finding} (the inventory; set behaviour osdpl.recoversAfter if it settles during the run)",
    };

    // An LB in Rockoon's Job: the cluster's figures for the rotation (else for failovers, the same Octavia), per try.
    private static StepProfile CompileJobFailover(Step step, KindBehaviour? kind, TargetBehaviour? target, ApiOutage[] outages) => new()
    {
        Duration = target?.Duration ?? kind?.Duration ?? BehaviourDefaults.RockoonJobTry(step.Expected),
        FailureProbability = target?.FailureProbability ?? kind?.FailureProbability ?? BehaviourDefaults.RockoonJob.FailureProbability,
        Fault = target?.Fault ?? TargetFault.None,
        Job = BehaviourDefaults.RockoonJob,
        Outages = outages,
    };

    // As the cluster-update expander counts them: instances tagged notify or poweroff are not migrated; at least one, also for
    // a node the inventory does not list.
    private static Dictionary<string, int> InstancesToMigrate(ClusterInventory? cluster)
    {
        var byNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in cluster?.Nodes ?? [])
        {
            byNode.TryAdd(node.Name, Math.Max(1, node.InstanceCount - node.Instances.Count(i => i.MaintenanceAction is "notify" or "poweroff")));
        }

        return byNode;
    }
}
