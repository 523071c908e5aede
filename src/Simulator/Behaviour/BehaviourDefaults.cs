namespace Simulator.Behaviour;

/// <summary>
/// What the fake cluster does when its behaviour section says nothing: realistic figures for each procedure.
/// Durations of the procedures mplan knows well are absolute (what the real systems take); the rest scale with the
/// step's expected time from the plan (median = expected, p95 = 1.5 × expected).
/// </summary>
public static class BehaviourDefaults
{
    /// <summary>Operator answering a gate, a manual node or a pause: typically 10 minutes, 45 on a bad night.</summary>
    public static readonly Distribution OperatorResponse = new LogNormalDistribution(600, 2700);

    /// <summary>How long a call takes to fail during an API outage.</summary>
    public static readonly TimeSpan OutageFailAfter = TimeSpan.FromSeconds(10);

    /// <summary>A stuck step with no timeout of its own is given up after this long.</summary>
    public static readonly TimeSpan StuckWithoutTimeout = TimeSpan.FromHours(24);

    /// <summary>
    /// Per kind: duration of its target actions and the failure probability per attempt. Octavia failover: Rockoon
    /// polls every 30 s after a 15 s wait, ~75 s when the LB turns ACTIVE in about a minute (MOSK guide: ~1 min).
    /// kube-rootca per subcloud: dcmanager's VIM strategy build and apply, 30-60 min. Node update: ~15 min.
    /// </summary>
    public static KindBehaviour For(string uses) => uses switch
    {
        "octavia.loadbalancer-failover" => new KindBehaviour(new LogNormalDistribution(75, 135), 0.01, null),
        "dcmanager.kube-rootca-update" => new KindBehaviour(new LogNormalDistribution(2400, 4200), 0.02, null),
        "mosk.cluster-update" => new KindBehaviour(new LogNormalDistribution(900, 1800), 0.005, LiveMigration),
        _ => new KindBehaviour(null, 0, null),
    };

    /// <summary>Nova live migration: ~2 min per instance, 2% of migrations fail per attempt.</summary>
    public static readonly LiveMigrationBehaviour LiveMigration = new(new LogNormalDistribution(120, 300), 0.02);

    /// <summary>For steps whose kind has no absolute figure: around the plan's own expected time.</summary>
    public static Distribution AroundExpected(TimeSpan expected) =>
        expected <= TimeSpan.Zero ? new FixedDistribution(0) : new LogNormalDistribution(expected.TotalSeconds, expected.TotalSeconds * 1.5);
}
