namespace Executor.OpenStack;

/// <summary>Polls a load balancer until it leaves the PENDING_* states (or disappears), with a <see cref="PollSchedule"/>.</summary>
internal static class LoadBalancerWaiter
{
    /// <summary>The load balancer once ACTIVE or ERROR, or null when it is gone (404). Cancellation ends the wait.</summary>
    public static async Task<OctaviaLoadBalancer?> SettledAsync(OctaviaClient client, string id, PollSchedule schedule, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(schedule.Next(), cancellationToken).ConfigureAwait(false);
            var lb = await client.GetLoadBalancerAsync(id, cancellationToken).ConfigureAwait(false);
            if (lb is null || lb.ProvisioningStatus is "ACTIVE" or "ERROR")
            {
                return lb;
            }
        }
    }
}
