using System.Globalization;
using Executor.Drivers;

namespace Executor.OpenStack;

/// <summary>
/// <c>octavia.loadbalancer-failover</c> / <c>failover</c>: one attempt of Rockoon's per-LB failover. PUT failover
/// (a 409 while the LB is PENDING_* is waited out and the PUT repeated, until the attempt's token ends it), report the
/// 202 as submitted, then poll until ACTIVE (success, with the old → new amphorae and the new certificate expiry),
/// ERROR (failure: the scheduler retries or gives up) or 404 (cancelled: the LB was deleted meanwhile). Reads retry
/// their transient failures inside the attempt; an attempt that still ends without seeing how its failover went (an
/// error, a timeout) is followed by one that observes first (<see cref="ObserveAsync"/>, as a resume does), so an LB
/// is failed over again only after an accepted failover ended in ERROR. Retries of whole attempts, the timeout and
/// FAILED versus RECOVERY_FAILED are the scheduler's. Every wait is on <paramref name="time"/> (by default the
/// session's clock).
/// </summary>
public sealed class OctaviaFailoverDriver(OctaviaClient client, OctaviaDriverOptions? options = null,
    Func<string, IReadOnlyCollection<string>?>? recordedAmphorae = null, TimeProvider? time = null) : IStepDriver
{
    public const string Uses = "octavia.loadbalancer-failover";

    private readonly OctaviaDriverOptions _options = options ?? new OctaviaDriverOptions();
    private readonly FailoverLatency _latency = new();
    private readonly TimeProvider _time = time ?? client.Session.Time;
    private readonly LoadBalancerWaiter _waiter = new(client, time ?? client.Session.Time);

    public bool Handles(string uses, string action) => uses == Uses && action == "failover";

    public async Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var id = TargetOf(call);
        var before = await client.ListAmphoraeAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
        var (answer, statusBefore) = await _waiter.UntilNotBusyAsync(PollSchedule.ForBusy(_options), async token =>
        {
            var current = await client.GetLoadBalancerAsync(id, token).ConfigureAwait(false);
            if (current is null)
            {
                return (false, (FailoverAnswer.NotFound, ""));
            }

            var (sent, _) = await client.FailoverAsync(id, token).ConfigureAwait(false);
            return (sent == FailoverAnswer.Busy, (sent, current.ProvisioningStatus));
        }, cancellationToken).ConfigureAwait(false);
        if (answer == FailoverAnswer.NotFound)
        {
            return Gone(id);
        }

        var accepted = _time.GetTimestamp();
        await call.Submitted($"failover accepted (was {statusBefore}; amphorae {Ids(before)})").ConfigureAwait(false);
        var schedule = PollSchedule.ForExpected(_options, _latency.Expected);
        var result = await FinishAsync(id, before.Select(a => a.Id).ToList(), before, statusBefore, schedule, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == Planner.Scheduling.StepOutcome.Succeeded)
        {
            _latency.Observe(_time.GetElapsedTime(accepted));
        }

        return result;
    }

    public async Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken)
    {
        var id = TargetOf(call);
        var recorded = recordedAmphorae?.Invoke(id) ?? [];
        var lb = await client.GetLoadBalancerAsync(id, cancellationToken).ConfigureAwait(false);
        if (lb is null)
        {
            return Gone(id);
        }

        if (submitted || lb.ProvisioningStatus.StartsWith("PENDING_", StringComparison.Ordinal))
        {
            // Sent before the interruption (or someone else's operation is running): wait for the outcome.
            // How far along it is is unknown: poll from the start.
            return await FinishAsync(id, recorded, null, null, PollSchedule.ForPolling(_options), cancellationToken).ConfigureAwait(false);
        }

        if (lb.ProvisioningStatus == "ACTIVE" && recorded.Count > 0)
        {
            var now = await client.ListAmphoraeAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (now.Count > 0 && !now.Any(a => recorded.Contains(a.Id)))
            {
                return Succeeded(id, recorded, null, now, "the amphorae differ from the inventory's: the failover was done");
            }
        }

        return null;
    }

    private async Task<AttemptResult> FinishAsync(string id, IReadOnlyCollection<string> oldIds, IReadOnlyList<OctaviaAmphora>? before,
        string? statusBefore, PollSchedule schedule, CancellationToken cancellationToken)
    {
        var lb = await _waiter.SettledAsync(id, schedule, cancellationToken).ConfigureAwait(false);
        if (lb is null)
        {
            return Gone(id);
        }

        if (lb.ProvisioningStatus == "ERROR")
        {
            return AttemptResult.Failure($"Octavia put load balancer {id} into ERROR during the failover" +
                (statusBefore == "ERROR" ? " (it was in ERROR before: recovery did not work)" : ""));
        }

        var after = await client.ListAmphoraeAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Succeeded(id, oldIds, before, after, statusBefore is null ? "ACTIVE again" : $"ACTIVE again (was {statusBefore})");
    }

    private static AttemptResult Succeeded(string id, IReadOnlyCollection<string> oldIds, IReadOnlyList<OctaviaAmphora>? before,
        IReadOnlyList<OctaviaAmphora> after, string detail)
    {
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["loadbalancer"] = id,
            ["amphorae"] = $"{(oldIds.Count == 0 ? "?" : string.Join(",", oldIds))} -> {Ids(after)}",
        };
        if (Soonest(after) is { } expiry)
        {
            facts["cert_expiration"] = Time(expiry);
        }

        if (before is not null && Soonest(before) is { } previous)
        {
            facts["cert_expiration_before"] = Time(previous);
        }

        return AttemptResult.Success(detail, facts);
    }

    private static AttemptResult Gone(string id) =>
        AttemptResult.Cancelled($"load balancer {id} no longer exists: it was deleted while mplan was failing it over");

    private static string TargetOf(AttemptCall call) =>
        call.Step.TargetId ?? throw new ArgumentException($"step {call.Step.Id} has no target load balancer", nameof(call));

    private static string Ids(IReadOnlyList<OctaviaAmphora> amphorae) =>
        amphorae.Count == 0 ? "none" : string.Join(",", amphorae.Select(a => a.Id));

    private static DateTimeOffset? Soonest(IReadOnlyList<OctaviaAmphora> amphorae) =>
        amphorae.Select(a => a.CertExpiration).Where(e => e is not null).Min();

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
