using Executor.Drivers;
using Executor.Kubernetes;
using Executor.OpenStack;
using Executor.Pki;
using Executor.Shell;
using Planner.Graph;
using Planner.Operations;
using Planner.Plans;

namespace Executor.Kinds;

/// <summary>
/// Apply's side of every operation kind, keyed by <c>uses:</c>: a test holds it to <see cref="OperationKinds.All"/>, so a
/// kind cannot be added without saying how apply runs it or why it cannot yet. A plan with a plan-only kind is
/// refused from here, naming the kinds, before any credential is read.
/// </summary>
public static class ApplyKinds
{

    public static IReadOnlyList<KindApply> All { get; } =
    [
        new() { Uses = OsdplHealthDriver.Uses, NeedsKubernetes = true, Driver = services => new OsdplHealthDriver(services.RequireKubernetes()) },
        new() { Uses = RotationDriver.Uses, NeedsKubernetes = true, Driver = services => new RotationDriver(services.RequireKubernetes()) },
        new()
        {
            Uses = OctaviaFailoverDriver.Uses,
            NeedsOpenStack = true,
            Live = LiveInventorySource.OctaviaLoadBalancers,
            Driver = services =>
            {
                var octavia = services.RequireOctavia();
                var inventory = services.Plan.Clusters.FirstOrDefault(c => c.Name == services.Cluster);
                var amphorae = inventory?.LoadBalancers.ToDictionary(lb => lb.Id,
                    lb => (IReadOnlyCollection<string>)lb.Amphorae.Select(a => a.Id).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal) ?? [];
                return new OctaviaFailoverDriver(octavia.Client, octavia.Options, id => amphorae.GetValueOrDefault(id));
            },
        },
        new()
        {
            Uses = PkiRequestBuilder.Uses,
            Driver = services => OperatingSystem.IsWindows()
                ? throw new PlatformNotSupportedException("octavia.pki writes private keys with Unix file modes")
                : new PkiDriver(services.Plan, services.Environment, services.Time),
        },
        new()
        {
            Uses = OctaviaCanaryDriver.Uses,
            NeedsOpenStack = true,
            Driver = services =>
            {
                var octavia = services.RequireOctavia();
                var plan = services.Plan;
                return new OctaviaCanaryDriver(octavia.Client, index => CanarySpec.From(plan.OperationAt(index)
                    ?? throw new ArgumentException($"the plan has no operation {index}", nameof(index))), octavia.Options);
            },
        },
        new()
        {
            Uses = Dcmanager.KubeRootcaDriver.Uses,
            NeedsOpenStack = true,
            Driver = services => new Dcmanager.KubeRootcaDriver(services.Plan, services.RequireDcmanager, services.Run, services.Time),
        },
        new() { Uses = ClusterUpdateDriver.Uses, NeedsKubernetes = true, Driver = services => new ClusterUpdateDriver(services.RequireKubernetes()) },
        new() { Uses = RestartPodsDriver.Uses, NeedsKubernetes = true, Driver = services => new RestartPodsDriver(services.RequireKubernetes()) },
        new() { Uses = "shell.run", Driver = services => new ShellDriver(services.Plan, services.Time) },
        new() { Uses = "manual.approval" }, // Every step is a gate, held by the apply runner.
    ];

    private static readonly Dictionary<string, KindApply> ByUses = All.ToDictionary(k => k.Uses, StringComparer.Ordinal);

    /// <summary>How apply runs <paramref name="uses"/>; null for a kind this table lacks (a test prevents it).</summary>
    public static KindApply? Find(string uses) => ByUses.GetValueOrDefault(uses);

    /// <summary>The plan's kinds that apply cannot run yet, each with why, in plan order.</summary>
    public static IReadOnlyList<(string Uses, string Reason)> PlanOnlyIn(ResolvedPlan plan) =>
    [
        .. plan.Operations.Select(o => o.Spec.Uses).Distinct(StringComparer.Ordinal)
            .Select(uses => (Uses: uses, Reason: Find(uses) is { } kind ? kind.PlanOnly : "is not known to apply"))
            .Where(k => k.Reason is not null)
            .Select(k => (k.Uses, k.Reason!)),
    ];

    /// <summary>Every driver the plan needs, one set per cluster, behind a router that sends each attempt to its cluster's.</summary>
    /// <param name="plan">The plan to run.</param>
    /// <param name="services">The services for one cluster (its Octavia access among them).</param>
    public static IStepDriver DriversFor(ResolvedPlan plan, Func<string, DriverServices> services)
    {
        var byCluster = new Dictionary<string, IReadOnlyList<IStepDriver>>(StringComparer.Ordinal);
        foreach (var group in plan.Operations.Where(o => HasWorkSteps(plan, o)).GroupBy(o => o.Cluster, StringComparer.Ordinal))
        {
            var clusterServices = services(group.Key);
            byCluster[group.Key] = [.. group.Select(o => o.Spec.Uses).Distinct(StringComparer.Ordinal)
                .Select(Find).OfType<KindApply>()
                .Where(k => k.Driver is not null)
                .Select(k => k.Driver!(clusterServices))];
        }

        return new ClusterRouter(byCluster);
    }

    private static bool HasWorkSteps(ResolvedPlan plan, ExpandedOperation operation) =>
        Enumerable.Range(operation.StartStep, operation.DoneStep - operation.StartStep + 1).Any(i => plan.Graph.Steps[i].Kind == StepKind.Action);
}
