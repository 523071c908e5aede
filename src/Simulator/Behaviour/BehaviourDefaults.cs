using Planner.Operations;

namespace Simulator.Behaviour;

/// <summary>
/// What the fake cluster does when its behaviour section says nothing: realistic figures for each procedure.
/// Durations of the procedures mplan knows well are absolute (what the real systems take, from
/// <see cref="ProcedureFigures"/>, the one table the planner's arithmetic reads too); the rest scale with the step's
/// expected time from the plan (median = expected, p95 = 1.5 × expected).
/// </summary>
public static class BehaviourDefaults
{
    /// <summary>Operator answering a gate, a manual node or a pause: typically 10 minutes, 45 on a bad night.</summary>
    public static readonly Distribution OperatorResponse = LogNormal(ProcedureFigures.OperatorResponse);

    /// <summary>Nova live migration: ~2 min per instance, 2% of migrations fail per attempt. Before <see cref="Kinds"/>, which reads it (static fields initialise in order).</summary>
    public static readonly LiveMigrationBehaviour LiveMigration = new(LogNormal(ProcedureFigures.LiveMigration), ProcedureFigures.LiveMigration.FailureProbability);

    /// <summary>How long a call takes to fail during an API outage.</summary>
    public static readonly TimeSpan OutageFailAfter = TimeSpan.FromSeconds(10);

    /// <summary>A stuck step with no timeout of its own is given up after this long.</summary>
    public static readonly TimeSpan StuckWithoutTimeout = TimeSpan.FromHours(24);

    /// <summary>
    /// Per kind, what its target actions take and how often an attempt fails, with where the figures come from. Every
    /// kind has an entry (a test holds it to <see cref="Planner.Operations.OperationKinds.All"/>); a kind without
    /// absolute figures runs around the plan's own expected time.
    /// </summary>
    public static IReadOnlyDictionary<string, KindDefault> Kinds { get; } = new Dictionary<string, KindDefault>(StringComparer.Ordinal)
    {
        ["mosk.osdpl-health"] = PlanTimes("a status read: the plan's expected time"),
        ["mosk.rotate-certificates"] = PlanTimes("Rockoon's rotation: the plan's times for the patch and the waits; each LB of its Job as RockoonJob says"),
        ["octavia.loadbalancer-failover"] = Figure(ProcedureFigures.LoadBalancerFailover),
        ["octavia.pki"] = PlanTimes("local key generation: the plan's expected time"),
        ["octavia.canary"] = PlanTimes("Octavia create/delete calls: the plan's expected times"),
        ["dcmanager.kube-rootca-update"] = Figure(ProcedureFigures.SubcloudRootCaUpdate),
        ["mosk.cluster-update"] = Figure(ProcedureFigures.NodeUpdate, LiveMigration),
        ["kubernetes.restart-pods"] = PlanTimes("pod restart and readiness: the plan's expected time"),
        ["shell.run"] = PlanTimes("the operator's command: the plan's expected time"),
        ["manual.approval"] = PlanTimes("gates wait for the operator's response, not a target figure"),
    };

    /// <summary>Rockoon's failover Job, for the rotation's <c>job-failover</c> steps (CONTRACTS §2.3).</summary>
    public static readonly RockoonJobBehaviour RockoonJob = new(
        Tries: ProcedureFigures.Rockoon.Tries, FirstRetryDelay: ProcedureFigures.Rockoon.FirstRetryDelay, Backoff: ProcedureFigures.Rockoon.Backoff,
        TryTimeout: ProcedureFigures.Rockoon.TryTimeout, FailureProbability: ProcedureFigures.LoadBalancerFailover.FailureProbability,
        Source: "do_lb_failover: 7 tries 5 s apart with backoff 3, each a 15 s sleep then 30 s polls for up to 300 s; " +
            "per try around the plan's per-LB time + 15 s (median; p95 × 1.8, as the failover kind's 75 s/135 s), 1% of tries fail (as the failover kind's attempts)");

    /// <summary>One try of an LB in Rockoon's Job: the 15 s sleep, then polls until ACTIVE, around the plan's per-LB time.</summary>
    public static Distribution RockoonJobTry(TimeSpan perLoadBalancer)
    {
        var figure = ProcedureFigures.LoadBalancerFailover;
        var median = (perLoadBalancer + ProcedureFigures.Rockoon.Sleep).TotalSeconds;
        return new LogNormalDistribution(median, median * (figure.P95 / figure.Median));
    }

    /// <summary>The behaviour of a kind when the cluster file says nothing.</summary>
    public static KindBehaviour For(string uses) => Kinds.TryGetValue(uses, out var entry) ? entry.Behaviour : new KindBehaviour(null, 0, null);

    private static KindDefault PlanTimes(string source) => new(new KindBehaviour(null, 0, null), source);

    /// <summary>The behaviour model's lognormal of a figure.</summary>
    public static LogNormalDistribution LogNormal(ProcedureFigure figure) => new(figure.Median.TotalSeconds, figure.P95.TotalSeconds);

    private static KindDefault Figure(ProcedureFigure figure, LiveMigrationBehaviour? migration = null) =>
        new(new KindBehaviour(LogNormal(figure), figure.FailureProbability, migration), figure.ModelSource);

    /// <summary>For steps whose kind has no absolute figure: around the plan's own expected time.</summary>
    public static Distribution AroundExpected(TimeSpan expected) =>
        expected <= TimeSpan.Zero ? new FixedDistribution(0) : new LogNormalDistribution(expected.TotalSeconds, expected.TotalSeconds * 1.5);
}

/// <summary>How Rockoon's failover Job handles one LB: it retries the whole failover itself; mplan sees only the end.</summary>
public sealed record RockoonJobBehaviour(int Tries, TimeSpan FirstRetryDelay, double Backoff, TimeSpan TryTimeout, double FailureProbability, string Source);

/// <summary>A kind's default behaviour and the source of its figures.</summary>
public sealed record KindDefault(KindBehaviour Behaviour, string Source);
