using Planner.Operations;

namespace Planner.Operations.Kinds;

/// <summary>The rotation's fixed figures and mplan's defaults for the waits, each with where it comes from.</summary>
internal static class RotationJobTimes
{
    public const string Rockoon = "Rockoon controller";

    /// <summary>The controller's <c>time.sleep(60)</c> after re-applying Octavia, before it waits for health.</summary>
    public static readonly TimeSpan ControllerSleep = TimeSpan.FromSeconds(60);

    /// <summary>The controller's <c>octavia_lb_failover_job_timeout</c>: it gives up on the Job after 3 hours.</summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(10800);

    /// <summary>The patch and the kopf handler setting APPLYING: seconds, in practice.</summary>
    public static readonly StepTiming Patch = StepTiming.Once(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));

    /// <summary>Helm upgrade of openstack-octavia, wait_service_healthy, the Job's purge (up to 600 s) and re-creation.</summary>
    public static readonly StepTiming HealthWait = StepTiming.Once(TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(30));

    /// <summary>After the Job: the other services applied, status.osdpl.state APPLIED, every health component Ready.</summary>
    public static readonly StepTiming WaitApplied = StepTiming.Once(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));

    /// <summary>
    /// One LB in the Job: ~1 min per failover (MOSK guide); at worst <c>do_lb_failover</c>'s 7 tries of a 15 s sleep and
    /// 300 s of polls, with waits of 5 s × 3^n between them: 7 × 315 s + 1,820 s = 4,025 s. mplan does not retry: the Job does.
    /// </summary>
    public static readonly StepTiming PerLoadBalancer = StepTiming.Once(ProcedureFigures.LoadBalancerFailover.Expected, ProcedureFigures.Rockoon.WorstPerLoadBalancer);
}
