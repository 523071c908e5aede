using Planner.Diagnostics;

namespace Planner.Operations.Kinds;

/// <summary>Settings a rotation cannot honour: its failovers are Rockoon's Job's, which mplan follows but does not drive.</summary>
internal static class RotationChecks
{
    public static void RefuseJobSettings(OperationContext context)
    {
        var spec = context.Spec;
        var id = spec.Id;
        if (spec.Concurrency is { } concurrency)
        {
            context.Diagnostics.Error(DiagnosticCodes.NotControllable, concurrency.Source,
                $"'{id}' cannot set concurrency: Rockoon's failover Job runs its own LB_FAILOVER_MAX_WORKERS workers",
                "remove it; set the Job's workers in the osdpl (spec.services.load-balancer.octavia.values.jobs.lb_failover.env) and failoverJob.maxWorkers in the cluster file");
        }

        if (spec.Retry is { } retry)
        {
            context.Diagnostics.Error(DiagnosticCodes.NotControllable, retry.Source,
                $"'{id}' cannot set retry: Rockoon's failover Job retries each failover itself (7 tries, 5 s apart, backoff 3)",
                "remove it; fail over what the Job left failed with an octavia.loadbalancer-failover that selects afterRotation: failed");
        }

        if (spec.FailurePolicy is { } policy)
        {
            context.Diagnostics.Error(DiagnosticCodes.NotControllable, policy.Source,
                $"'{id}' cannot set failurePolicy: mplan cannot pause or stop Rockoon's failover Job (it pauses itself past LB_FAILOVER_MAX_FAILED_ALLOWED)",
                "remove it; put the failure policy on the follow-up octavia.loadbalancer-failover (select: {afterRotation: failed})");
        }
    }
}
