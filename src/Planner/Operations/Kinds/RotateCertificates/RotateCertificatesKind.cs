using System.Globalization;
using Planner.Documents;
using Planner.Model;
using Planner.Reports;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>mosk.rotate-certificates</c>: what <c>osctl certificates rotate --type octavia:amphora</c> sets off. The steps:
/// <c>rotate</c> (bump <c>status.certificates.octavia.amphora.rotation_id</c>, wait for APPLYING); <c>wait-job</c>
/// (Rockoon re-applies Octavia, sleeps 60 s, waits for health, re-creates Job <c>octavia-loadbalancers-failover</c>);
/// one <c>job-failover</c> per LB the Job fails over, in a pool of its LB_FAILOVER_MAX_WORKERS; <c>wait-applied</c>
/// (APPLIED, every component Ready). mplan follows the Job: it cannot retry, pause or stop it.
/// </summary>
public sealed class RotateCertificatesKind() : OperationKind("mosk.rotate-certificates", needsCluster: true, withSchema: "rotateCertificatesWith", selectSchema: "noTargets",
    actions: [RotateAction, WaitJobAction, JobFailoverAction, WaitAppliedAction])
{
    /// <summary>The status merge patch <c>rotation_id + 1</c>, then the wait for APPLYING.</summary>
    public const string RotateAction = "rotate";

    /// <summary>From APPLYING until the controller has re-created the failover Job.</summary>
    public const string WaitJobAction = "wait-job";

    /// <summary>One LB in Rockoon's Job: its result (SUCCESS, FAILED, RECOVERY_FAILED, SKIPPED, CANCELLED) is followed, not caused.</summary>
    public const string JobFailoverAction = "job-failover";

    /// <summary>The osdplst back to APPLIED and every health component Ready.</summary>
    public const string WaitAppliedAction = "wait-applied";

    internal override KindReport Report(ReportInput input) => FailoverReport.Of(input);

    internal override void Expand(OperationContext context)
    {
        RotationChecks.RefuseJobSettings(context);
        var with = context.Spec.With;
        var type = context.Use("type", String(with, "type"), "octavia:amphora", "osctl --type");
        var deployment = context.Cluster.Deployment;
        context.Use("osdpl", String(with, "osdpl"), deployment?.Name ?? context.Cluster.Name, "the cluster's OpenStackDeployment");
        context.ReserveStepKeys(RotateAction, WaitJobAction, WaitAppliedAction);
        var rotation = deployment?.AmphoraRotationId ?? 0;
        var rotate = context.AddSingle(RotateAction, RotationJobTimes.Patch, key: RotateAction,
            detail: $"patch {type} rotation_id {rotation} -> {rotation + 1}; wait for APPLYING");
        context.Settings.Add(new Setting("patch", $"{DurationText.Format(RotationJobTimes.Patch.Expected)}, timeout {DurationText.Format(RotationJobTimes.Patch.Max)}", true,
            "mplan default: the kopf handler sets APPLYING within seconds"));

        var health = Timing(context, Map(with, "healthWait"), "healthWait", RotationJobTimes.HealthWait,
            "mplan default: Helm upgrade of openstack-octavia, health wait, the Job's purge and re-creation");
        context.Settings.Add(new Setting("job.sleep", DurationText.Format(RotationJobTimes.ControllerSleep), true, $"{RotationJobTimes.Rockoon}: time.sleep(60) after re-applying Octavia"));
        var waitJob = context.AddSingle(WaitJobAction, StepTiming.Once(RotationJobTimes.ControllerSleep + health.Expected, RotationJobTimes.ControllerSleep + health.Max),
            key: WaitJobAction, dependencies: [rotate],
            detail: "Rockoon re-applies Octavia, sleeps 60 s, waits for health, re-creates Job octavia-loadbalancers-failover");

        var jobDone = RotationJob.AddFailovers(context, waitJob);
        var applied = Timing(context, Map(with, "waitApplied"), "waitApplied", RotationJobTimes.WaitApplied,
            "mplan default: the other services applied after the Job");
        var last = context.AddSingle(WaitAppliedAction, applied, key: WaitAppliedAction, dependencies: [waitJob, jobDone],
            detail: "wait for APPLIED and every health component Ready");

        context.UsePolicy(new FailurePolicy(0, null, false, Model.PolicyAction.Stop),
            "mplan default: a failed patch or wait stops the run; the Job's LBs never count, mplan cannot stop the Job");

        // Only the last step feeds the operation's done milestone; the pool's time per LB is what the views show.
        context.Sinks.Clear();
        context.Sinks.Add(last);
        context.PerTarget = context.Targets.Count > 0 ? RotationJob.PerLoadBalancer(context) : health.Expected;
        RotationJob.AddNotes(context, RotationJobTimes.Patch.Expected + RotationJobTimes.ControllerSleep + health.Expected, applied.Expected);
    }

    private static StepTiming Timing(OperationContext context, YMapping? spec, string name, StepTiming defaults, string origin)
    {
        var expected = context.Use($"{name}.expected", Duration(spec, "expected"), defaults.Expected, origin, DurationText.Format);
        var max = context.Use($"{name}.max", Duration(spec, "max"), defaults.Max, "mplan default", DurationText.Format);
        return StepTiming.Once(expected, max);
    }

    internal static string Rounds(int targets, int workers) =>
        ((targets + workers - 1) / workers).ToString(CultureInfo.InvariantCulture);
}
