namespace Planner.Operations;

/// <summary>
/// The figures of the real procedures, in one place, each with its source: what the planner's arithmetic takes (the
/// documented figure) and how the behaviour model that <c>mplan simulate</c> and <c>mplan plan</c>'s distribution
/// use draws it (a lognormal of what the code really does). The operation kinds and the simulator's
/// <c>BehaviourDefaults</c> both read them from here; no figure has a second copy.
/// </summary>
public static class ProcedureFigures
{
    /// <summary>One failover of an Octavia LB (mplan's own, or one in Rockoon's Job).</summary>
    public static readonly ProcedureFigure LoadBalancerFailover = new(
        TimeSpan.FromMinutes(1), "MOSK guide: ~1 min per failover",
        TimeSpan.FromSeconds(75), TimeSpan.FromSeconds(135), 0.01,
        "Rockoon's code: a 15 s sleep, then polls every 30 s until ACTIVE, so ~75 s when Octavia takes about a minute; 1% of attempts fail")
    {
        Disagreement = "MOSK guide: ~1 min per failover (the arithmetic); Rockoon's code sleeps 15 s, then polls every 30 s: ~75 s median (the distribution)",
    };

    /// <summary>Rockoon's failover Job and failover kind: workers, tries and their waits (<c>do_lb_failover</c>, CONTRACTS §2.3).</summary>
    public static class Rockoon
    {
        public const string Source = "Rockoon failover job";

        /// <summary>LB_FAILOVER_MAX_WORKERS.</summary>
        public const int Workers = 5;

        /// <summary>LB_FAILOVER_MAX_FAILED_ALLOWED: the Job pauses past it.</summary>
        public const int MaxFailedAllowed = 3;

        public const int Tries = 7;

        public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);

        public const double Backoff = 3;

        /// <summary>The sleep after the failover call before the first poll.</summary>
        public static readonly TimeSpan Sleep = TimeSpan.FromSeconds(15);

        /// <summary>How often it polls the LB's status.</summary>
        public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

        /// <summary>How long it polls before the try counts as failed.</summary>
        public static readonly TimeSpan PollFor = TimeSpan.FromSeconds(300);

        /// <summary>One try at most: the sleep and the polls.</summary>
        public static TimeSpan TryTimeout => Sleep + PollFor;

        /// <summary>mplan's own failover attempt's timeout: 5 min, the polls' 300 s.</summary>
        public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(5);

        /// <summary>Every try to its timeout, with the waits of 5 s × 3^n between them: what one LB can take in the Job.</summary>
        public static TimeSpan WorstPerLoadBalancer
        {
            get
            {
                var total = TryTimeout * Tries;
                for (var n = 0; n < Tries - 1; n++)
                {
                    total += FirstRetryDelay * Math.Pow(Backoff, n);
                }

                return total;
            }
        }
    }

    /// <summary>Downtime of an LB during its failover.</summary>
    public static readonly TimeSpan DowntimePerLoadBalancer = TimeSpan.FromSeconds(30);

    public const string DowntimeSource = "MOSK guide";

    /// <summary>One subcloud's kube-rootca update: dcmanager builds the VIM strategy, then applies it.</summary>
    public static readonly ProcedureFigure SubcloudRootCaUpdate = new(
        TimeSpan.FromMinutes(45), "mplan default: dcmanager's build and apply take 30-60 min per subcloud",
        TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(75), 0.02,
        "dcmanager's VIM strategy build and apply per subcloud: 30-60 min, a slow one 75 min; 2% fail");

    /// <summary>dcmanager's timeouts for one subcloud: 30 min to build the strategy and 2 h to apply it.</summary>
    public static readonly TimeSpan SubcloudTimeout = TimeSpan.FromMinutes(150);

    /// <summary>One node of a MOSK cluster update (its instances migrated first, separately).</summary>
    public static readonly ProcedureFigure NodeUpdate = new(
        TimeSpan.FromMinutes(15), "MOSK update: ~15 min per node",
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), 0.005,
        "MOSK node update: ~15 min per node, 30 min for a slow one; 0.5% fail");

    public static readonly TimeSpan NodeUpdateTimeout = TimeSpan.FromHours(1);

    /// <summary>One instance's Nova live migration off a compute node.</summary>
    public static readonly ProcedureFigure LiveMigration = new(
        TimeSpan.FromMinutes(2), "mplan default: ~2 min per instance",
        TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), 0.02,
        "Nova live migration: ~2 min per instance, 5 min for a big one; 2% of migrations fail per attempt");

    /// <summary>The operator answering a gate or a pause.</summary>
    public static readonly ProcedureFigure OperatorResponse = new(
        TimeSpan.FromMinutes(5), "mplan default operator response",
        TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(45), 0,
        "an operator at night: typically 10 minutes, 45 on a bad night");

    /// <summary>The operator moving a manual node's instances (the plan's figure; the model uses <see cref="OperatorResponse"/>).</summary>
    public static readonly TimeSpan ManualNodeResponse = TimeSpan.FromMinutes(30);
}

/// <summary>
/// A procedure's figures: <see cref="Expected"/> is what the planner's arithmetic takes; <see cref="Median"/> and
/// <see cref="P95"/> are the lognormal the behaviour model draws from, failing <see cref="FailureProbability"/> of attempts.
/// </summary>
public sealed record ProcedureFigure(TimeSpan Expected, string ExpectedSource, TimeSpan Median, TimeSpan P95, double FailureProbability, string ModelSource)
{
    /// <summary>Where the documented figure and the code disagree, one sentence the plan says (once per operation); null when they agree.</summary>
    public string? Disagreement { get; init; }

    /// <summary>The lognormal's sigma: ln(p95 / median) / z(0.95).</summary>
    public double Sigma => Math.Log(P95 / Median) / 1.6448536269514722;

    /// <summary>The origin of the plan's default <c>duration.expected</c>: the source, or the disagreement when there is one.</summary>
    public string ExpectedOrigin => Disagreement ?? ExpectedSource;
}
