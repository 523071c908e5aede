using System.Collections.Concurrent;
using System.Globalization;
using Executor.Drivers;
using Planner.Scheduling;

namespace Executor.Kubernetes;

/// <summary>
/// <c>mosk.rotate-certificates</c>, as <c>osctl certificates rotate --type octavia:amphora</c> and Rockoon do it:
/// <list type="bullet">
/// <item><c>rotate</c>: the status merge patch raising rotation_id by one (never twice: a live id already one above the
/// plan's is a rotation under way, followed instead), then the osdplst goes APPLYING;</item>
/// <item><c>wait-job</c>: Rockoon re-applies Octavia, sleeps, and re-creates its failover Job;</item>
/// <item><c>job-failover</c> per LB: the Job's result for it (SUCCESS, FAILED, RECOVERY_FAILED, SKIPPED, CANCELLED),
/// read from its statistics when it ends — mplan fails nothing over itself;</item>
/// <item><c>wait-applied</c>: the osdplst back to APPLIED with every component Ready.</item>
/// </list>
/// </summary>
public sealed class RotationDriver(KubeDriverContext context) : IStepDriver
{
    public const string Uses = "mosk.rotate-certificates";
    private static readonly string[] Actions = ["rotate", "wait-job", "job-failover", "wait-applied"];
    private readonly ConcurrentDictionary<string, byte> _crashesTold = new(StringComparer.Ordinal);
    private string? _lastJobUid;
    private volatile bool _octaviaUnreachable;
    private FailoverJob? _job;

    public bool Handles(string uses, string action) => uses == Uses && Actions.Contains(action);

    public Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Step.Action switch
        {
            "rotate" => RotateAsync(call, cancellationToken),
            "wait-job" => WaitForJobAsync(call, cancellationToken),
            "job-failover" => JobResultAsync(call, cancellationToken),
            _ => WaitAppliedAsync(call, cancellationToken),
        };
    }

    public async Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Step.Action != "rotate")
        {
            return await RunAsync(call, cancellationToken); // Read-only steps: looking again is all they do.
        }

        var osdpl = context.Osdpl(call.Step.Operation);
        var planned = Planned();
        var live = await osdpl.RotationIdAsync(cancellationToken);
        if (!submitted && live == planned)
        {
            return null; // The patch never reached the API: run the attempt afresh.
        }

        return await FollowRotationAsync(call, osdpl, live, cancellationToken);
    }

    private long Planned() => context.Inventory.Deployment?.AmphoraRotationId ?? 0;

    private async Task<AttemptResult> RotateAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var osdpl = context.Osdpl(call.Step.Operation);
        var planned = Planned();
        var live = await osdpl.RotationIdAsync(cancellationToken);
        if (live == planned + 1)
        {
            await call.Submitted($"rotation_id is already {live}: a rotation is under way; following it, not rotating again");
            return await FollowRotationAsync(call, osdpl, live, cancellationToken);
        }

        if (live != planned)
        {
            return AttemptResult.Failure($"rotation_id of {osdpl.Name} is {live}, but the plan was made at {planned}: " +
                "someone rotated meanwhile; make the plan again (mplan inventory, mplan plan) before rotating");
        }

        try
        {
            await osdpl.PatchRotationIdAsync(live + 1, cancellationToken);
        }
        catch (KubeApiException e) when (e.Code == 400)
        {
            // Rockoon's admission webhook: nothing changed, so this attempt's outcome is known.
            return AttemptResult.Failure($"Rockoon refused the rotation of {osdpl.Name}: {e.StatusMessage}");
        }

        await call.Submitted($"rotation_id {live} -> {live + 1}");
        return await FollowRotationAsync(call, osdpl, live + 1, cancellationToken);
    }

    // After the patch the controller takes the osdplst to APPLYING; a fast controller may already have moved on.
    private async Task<AttemptResult> FollowRotationAsync(AttemptCall call, Osdpl osdpl, long rotationId, CancellationToken cancellationToken)
    {
        var status = await context.UntilAsync([osdpl.StatusList], async token =>
        {
            var current = await osdpl.GetStatusAsync(token);
            return current.State is "APPLYING" or "APPLIED" or "FAILED" ? current : null;
        }, cancellationToken);
        return status.State == "FAILED"
            ? AttemptResult.Failure($"OSDPL {osdpl.Name} went FAILED after the rotation patch")
            : AttemptResult.Success($"{osdpl.Name}: rotation_id {rotationId}, OSDPL {status.State}",
                new Dictionary<string, string> { ["rotation_id"] = rotationId.ToString(CultureInfo.InvariantCulture), ["osdpl_state"] = status.State });
    }

    private FailoverJob Job(AttemptCall call) => _job ??= new FailoverJob(context.Clients.Mosk, context.Osdpl(call.Step.Operation).Namespace);

    private async Task<AttemptResult> WaitForJobAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var osdpl = context.Osdpl(call.Step.Operation);
        var job = Job(call);
        await call.Progress($"waiting for Rockoon to re-apply Octavia and re-create Job {FailoverJob.Name}");
        var found = await context.UntilAsync([osdpl.StatusList, job.List], async token =>
        {
            var status = await osdpl.GetStatusAsync(token);
            var current = await job.GetAsync(token);
            var created = current?.Metadata.CreationTimestamp is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : (DateTimeOffset?)null;
            // The Job of this rotation was created after the osdplst went APPLYING (Rockoon purges the old one first);
            // once APPLIED again, the Job it leaves is this rotation's.
            var ours = current is not null && (status.State == "APPLIED" || (status.Since is { } since && created >= since.AddSeconds(-1)));
            return ours ? current : null;
        }, cancellationToken);
        _lastJobUid ??= found!.Metadata.Uid;
        return AttemptResult.Success($"Job {FailoverJob.Name} created {found!.Metadata.CreationTimestamp:u}",
            new Dictionary<string, string> { ["job_uid"] = found.Metadata.Uid ?? "" });
    }

    private async Task<AttemptResult> JobResultAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var job = Job(call);
        var lb = call.Step.TargetId ?? "";
        var finished = await context.UntilAsync([job.List], async token =>
        {
            var current = await job.GetAsync(token);
            if (current is null)
            {
                return null;
            }

            var condition = FailoverJob.Condition(current);
            var uid = current.Metadata.Uid ?? "";
            var previous = Interlocked.Exchange(ref _lastJobUid, uid);
            if (condition == "Failed" || (previous is not null && previous != uid && !_crashesTold.ContainsKey(previous)))
            {
                // Seen Failed, or (between two looks) purged and re-created: either way that run crashed.
                var crashed = condition == "Failed" ? uid : previous!;
                if (_crashesTold.TryAdd(crashed, 0))
                {
                    await call.Progress($"Job {FailoverJob.Name} crashed ({(condition == "Failed" ? "condition Failed" : $"re-created as {uid}")}): " +
                        "Rockoon's kopf retries the whole handler, which generates another amphora CA and runs the whole failover again");
                }

                if (condition == "Failed")
                {
                    return null;
                }
            }

            return condition == "Complete" ? current : null;
        }, cancellationToken);
        var statistics = await job.StatisticsAsync(finished, cancellationToken);
        var result = statistics.ResultByLoadBalancer.GetValueOrDefault(lb);
        if (result is null && statistics.Complete && (await job.FailedListAsync(cancellationToken)).Contains(lb))
        {
            result = "FAILED";
        }

        var facts = new Dictionary<string, string>
        {
            ["job_result"] = result ?? "UNKNOWN",
            ["job_uid"] = finished.Metadata.Uid ?? "",
            ["job_crashes"] = _crashesTold.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (await OctaviaSaysAsync(lb, cancellationToken) is { } octavia)
        {
            facts["octavia"] = octavia;
        }
        return result switch
        {
            "SUCCESS" => AttemptResult.Success("Rockoon's Job failed it over", facts),
            "SKIPPED" => AttemptResult.Success("Rockoon's Job found no failover needed (SKIPPED)", facts),
            "CANCELLED" => new AttemptResult(StepOutcome.Cancelled, "the load balancer disappeared during Rockoon's failover (CANCELLED)", facts),
            "FAILED" or "RECOVERY_FAILED" => new AttemptResult(StepOutcome.Failed, $"Rockoon's Job: {result}", facts),
            _ => new AttemptResult(StepOutcome.Failed, statistics.Complete
                ? "not in the Job's statistics (its log has only the counters, and the ConfigMap does not list it failed)"
                : "the Job ended without its statistics block in the log", facts),
        };
    }

    // The Job's word, checked against Octavia when the cluster names one and it answers: a read, never a change.
    private async Task<string?> OctaviaSaysAsync(string lb, CancellationToken cancellationToken)
    {
        if (context.Octavia is null || context.Inventory.OpenStackCloud is null || _octaviaUnreachable)
        {
            return null;
        }

        try
        {
            var found = await context.Octavia().Client.GetLoadBalancerAsync(lb, cancellationToken);
            return found is null ? "not found (deleted)" : $"{found.ProvisioningStatus}/{found.OperatingStatus}";
        }
#pragma warning disable CA1031 // Octavia unreachable: the Job's statistics stand alone, as the issue allows.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            _octaviaUnreachable = true; // Asked once: the other LBs' steps do not wait out the same retries.
            return null;
        }
    }

    private async Task<AttemptResult> WaitAppliedAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var osdpl = context.Osdpl(call.Step.Operation);
        var status = await context.UntilAsync([osdpl.StatusList], async token =>
        {
            var current = await osdpl.GetStatusAsync(token);
            return current.State == "FAILED" || (current.State == "APPLIED" && current.Unhealthy([]).Count == 0) ? current : null;
        }, cancellationToken);
        return OsdplHealthDriver.Verdict(osdpl.Name, status, []);
    }
}
