namespace Executor.OpenStack;

/// <summary>
/// The drivers' waits on a load balancer, on their <see cref="TimeProvider"/>: polling until it leaves the PENDING_*
/// states, and asking again while Octavia refuses a change with 409 because another operation holds it. Reads retry
/// their own transient failures (<see cref="OctaviaClient"/>); the attempt's cancellation token ends every wait.
/// </summary>
internal sealed class LoadBalancerWaiter(OctaviaClient client, TimeProvider time)
{
    /// <summary>The load balancer once ACTIVE or ERROR, or null when it is gone (404). Cancellation ends the wait.</summary>
    public async Task<OctaviaLoadBalancer?> SettledAsync(string id, PollSchedule schedule, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(schedule.Next(), time, cancellationToken).ConfigureAwait(false);
            var lb = await client.GetLoadBalancerAsync(id, cancellationToken).ConfigureAwait(false);
            if (lb is null || lb.ProvisioningStatus is "ACTIVE" or "ERROR")
            {
                return lb;
            }
        }
    }

    /// <summary>
    /// Sends a change until Octavia takes it: <paramref name="send"/> returns Busy for a 409 (the load balancer is
    /// PENDING_*: normal and transient), and is called again after the next wait of <paramref name="schedule"/>.
    /// </summary>
    public async Task<T> UntilNotBusyAsync<T>(PollSchedule schedule, Func<CancellationToken, Task<(bool Busy, T Answer)>> send,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var (busy, answer) = await send(cancellationToken).ConfigureAwait(false);
            if (!busy)
            {
                return answer;
            }

            await Task.Delay(schedule.Next(), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
