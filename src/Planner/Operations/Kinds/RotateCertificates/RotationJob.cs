using Planner.Documents;
using Planner.Model;

namespace Planner.Operations.Kinds;

/// <summary>
/// The rotation's part that Rockoon's failover Job does: one <c>job-failover</c> step per LB it picks, in a pool of
/// its workers, joined by a milestone so that <c>wait-applied</c> runs whatever the LBs' results (the Job completes
/// and the osdpl turns APPLIED even with FAILED LBs).
/// </summary>
internal static class RotationJob
{
    private const string WorkersSource = "Rockoon: LB_FAILOVER_MAX_WORKERS";

    /// <summary>Adds the Job's targets, skips and steps after <paramref name="waitJob"/>; returns the milestone that joins them.</summary>
    public static int AddFailovers(OperationContext context, int waitJob)
    {
        var selected = new List<LoadBalancer>(context.Cluster.LoadBalancers.Length);
        context.Targets.EnsureCapacity(context.Cluster.LoadBalancers.Length);
        // Each LB's verdict on every core (100,000 LBs in the large plan), then the lists in the cluster's order.
        var lbs = context.Cluster.LoadBalancers;
        var reasons = ParallelRanges.Select(lbs.Length, i => RockoonJobSelection.SkipReason(lbs[i]));
        for (var i = 0; i < lbs.Length; i++)
        {
            var lb = lbs[i];
            if (reasons[i] is { } reason)
            {
                context.Skipped.Add(new SkippedTarget(lb.Id, lb.Name, reason));
            }
            else
            {
                selected.Add(lb);
                context.Targets.Add(new TargetRef(lb.Id, lb.Name));
            }
        }

        var bare = context.Skipped.Count(s => s.Reason.StartsWith("no amphorae", StringComparison.Ordinal));
        if (bare > 0)
        {
            context.Notes.Add($"{bare} amphora LB(s) list no amphorae, so the Job skips them; if the inventory merely lacks them, refresh it with mplan inventory.");
        }

        var pending = selected.Where(lb => lb.ProvisioningStatus.StartsWith("PENDING_", StringComparison.Ordinal)).Select(lb => lb.Name).ToList();
        if (pending.Count > 0)
        {
            // The Job tries them anyway; Octavia refuses a failover of an immutable LB, and the Job counts a non-ACTIVE LB's failure as RECOVERY_FAILED.
            context.Notes.Add($"{string.Join(", ", pending.Take(3))}{(pending.Count > 3 ? $" and {pending.Count - 3} more" : "")} in PENDING_* now: " +
                $"if still so when the Job reaches {(pending.Count == 1 ? "it" : "them")}, Octavia refuses the failover and the Job records RECOVERY_FAILED.");
        }

        var workers = Workers(context);
        context.Concurrency = workers;
        var timing = PerLoadBalancerTiming(context);
        var downtime = context.Use("impact.downtimePerTarget", context.Spec.Impact?.DowntimePerTarget, ProcedureFigures.DowntimePerLoadBalancer, ProcedureFigures.DowntimeSource, DurationText.Format);
        // Not the adjustable concurrency pool: the plan cannot change the Job's workers (the osdpl's values can).
        var pool = context.AddPool("job-workers", workers);
        var link = new ChainLink(RotateCertificatesKind.JobFailoverAction, timing, Downtime: downtime, OutsidePolicy: true,
            Detail: "followed in Rockoon's Job; FAILED or RECOVERY_FAILED are left to a follow-up with select.afterRotation: failed");
        ChainLink[] chain = [link], recoveryChain = [link with { Detail = "in ERROR: the Job's failover is its recovery; RECOVERY_FAILED if it fails" }];
        int[] after = [waitJob];
        var ends = context.AddChains(context.Targets, pool, i => selected[i].ProvisioningStatus == "ERROR" ? recoveryChain : chain, after);
        return context.AddMilestone("job-done", ends.Length > 0 ? ends : after);
    }

    // The plan's duration is one LB in the Job; retry is refused (RotationChecks): the Job retries, mplan only follows.
    private static StepTiming PerLoadBalancerTiming(OperationContext context)
    {
        var defaults = RotationJobTimes.PerLoadBalancer;
        var expected = context.Use("duration.expected", context.Spec.Duration?.Expected, defaults.Expected, ProcedureFigures.LoadBalancerFailover.ExpectedOrigin, DurationText.Format);
        var max = context.Use("duration.max", context.Spec.Duration?.Max, defaults.Max,
            "Rockoon do_lb_failover: 7 tries of a 15 s sleep and 300 s of polls, 5 s × 3^n apart", DurationText.Format);
        if (max < expected)
        {
            context.Diagnostics.Error(Diagnostics.DiagnosticCodes.ImpossibleValue, context.Spec.Duration?.Source ?? context.Where,
                $"duration.max ({DurationText.Format(max)}) is shorter than duration.expected ({DurationText.Format(expected)})",
                "max is how long one LB may take in the Job: make it at least the expected duration");
        }

        context.Settings.Add(new Setting("retry", "none by mplan", true, "the Job retries each failover itself: 7 tries, 5 s apart, backoff 3"));
        return StepTiming.Once(expected, max);
    }

    private static TimeSpan PerLoadBalancerMax(OperationContext context) =>
        context.Spec.Duration?.Max ?? RotationJobTimes.PerLoadBalancer.Max;

    /// <summary>The per-LB time the views show: the Job's step time.</summary>
    public static TimeSpan PerLoadBalancer(OperationContext context) =>
        context.Spec.Duration?.Expected ?? RotationJobTimes.PerLoadBalancer.Expected;

    private static int Workers(OperationContext context)
    {
        var known = context.Cluster.Deployment?.FailoverWorkers;
        var workers = known ?? OpenStackDeployment.DefaultFailoverWorkers;
        // Not the plan's to set: from the inventory when it says, else Rockoon's default.
        context.Settings.Add(new Setting("job.workers", $"{workers}", true, known is null
            ? WorkersSource
            : "the cluster file's openstackDeployment.failoverJob.maxWorkers, the Job's LB_FAILOVER_MAX_WORKERS"));
        return workers;
    }

    /// <summary>How the estimate is made up, and what the Job does that the operator should know.</summary>
    public static void AddNotes(OperationContext context, TimeSpan before, TimeSpan after)
    {
        var lbs = context.Targets.Count;
        var workers = context.Concurrency;
        var perLb = PerLoadBalancer(context);
        var rounds = (lbs + workers - 1) / workers;
        var job = perLb * rounds;
        context.Notes.Add($"Estimate: {DurationText.Format(before)} to the Job (patch, Octavia re-applied, the controller's 60 s sleep, health wait), " +
            $"then ceil({lbs}/{workers}) = {rounds} round(s) × {DurationText.Format(perLb)} = {DurationText.Format(job)} of failovers, " +
            $"then {DurationText.Format(after)} to APPLIED.");
        context.Notes.Add("Rockoon's Job fails these LBs over itself; mplan follows it and never fails them over again. " +
            "Fail over what it leaves FAILED or RECOVERY_FAILED with an octavia.loadbalancer-failover that selects afterRotation: failed.");
        var maxFailed = context.Cluster.Deployment?.FailoverMaxFailedAllowed ?? Model.OpenStackDeployment.DefaultFailoverMaxFailedAllowed;
        context.Notes.Add($"The Job's workers wait while more than {maxFailed} LBs are recorded failed (LB_FAILOVER_MAX_FAILED_ALLOWED), " +
            "possibly until the controller's 3 h Job timeout; the osdpl stays APPLYING and refuses other changes meanwhile.");
        if (job > RotationJobTimes.JobTimeout)
        {
            context.Notes.Add($"The Job's failovers ({DurationText.Format(job)}) exceed the controller's Job timeout " +
                $"({DurationText.Format(RotationJobTimes.JobTimeout)}, octavia_lb_failover_job_timeout): the rotation would fail and kopf would retry it with another CA.");
        }
        else if (rounds * PerLoadBalancerMax(context) > RotationJobTimes.JobTimeout)
        {
            context.Notes.Add($"At worst (every LB to its {DurationText.Format(PerLoadBalancerMax(context))}) the Job would outlast the controller's " +
                $"{DurationText.Format(RotationJobTimes.JobTimeout)} Job timeout (octavia_lb_failover_job_timeout); the pessimistic bound does not stop there.");
        }

        context.Notes.Add("Rotating the amphora CA makes every amphora unreachable to the control plane until it is failed over.");
    }
}
