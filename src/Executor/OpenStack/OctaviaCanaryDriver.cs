using System.Globalization;
using System.Text.Json.Nodes;
using Executor.Drivers;

namespace Executor.OpenStack;

/// <summary>
/// <c>octavia.canary</c>: builds a throw-away load balancer with listener, pool, health monitor and members over REST,
/// checks it, and deletes it (cascade). Each step finds what earlier steps made by name (<c>NAME</c>,
/// <c>NAME-listener</c>, <c>NAME-pool</c>, <c>NAME-member-N</c>), so a repeated or resumed step does not build twice.
/// Every change is followed by a wait for the load balancer to be ACTIVE again (Octavia locks it while it works).
/// Every wait is on <paramref name="time"/> (by default the session's clock).
/// </summary>
public sealed class OctaviaCanaryDriver(OctaviaClient client, Func<int, CanarySpec> specOf, OctaviaDriverOptions? options = null,
    TimeProvider? time = null) : IStepDriver
{
    public const string Uses = "octavia.canary";

    private readonly OctaviaDriverOptions _options = options ?? new OctaviaDriverOptions();
    private readonly LoadBalancerWaiter _waiter = new(client, time ?? client.Session.Time);

    public bool Handles(string uses, string action) =>
        uses == Uses && (action is "create-loadbalancer" or "create-listener" or "create-pool" or "create-healthmonitor" or "check-online" or "delete" ||
            action.StartsWith("add-member-", StringComparison.Ordinal));

    public async Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var spec = specOf(call.Step.Operation);
        var action = call.Step.Action;
        return action switch
        {
            "create-loadbalancer" => await CreateLoadBalancerAsync(call, spec, cancellationToken).ConfigureAwait(false),
            "delete" => await DeleteAsync(call, spec, cancellationToken).ConfigureAwait(false),
            "check-online" => await CheckAsync(spec, cancellationToken).ConfigureAwait(false),
            _ => await CreateChildAsync(call, spec, action, cancellationToken).ConfigureAwait(false),
        };
    }

    public async Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken)
    {
        // Every step is idempotent by name: running it again observes what exists and only builds what is missing.
        if (!submitted)
        {
            return null;
        }

        return await RunAsync(call with { Submitted = _ => Task.CompletedTask }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AttemptResult> CreateLoadBalancerAsync(AttemptCall call, CanarySpec spec, CancellationToken cancellationToken)
    {
        var id = await FindLoadBalancerAsync(spec, cancellationToken).ConfigureAwait(false);
        if (id is null)
        {
            id = (await client.CreateLoadBalancerAsync(spec.Name, spec.VipSubnet, cancellationToken: cancellationToken).ConfigureAwait(false)).Id;
            await call.Submitted($"created load balancer {id}").ConfigureAwait(false);
        }

        return await ActiveAsync(id, $"load balancer {spec.Name} ({id}) is ACTIVE", cancellationToken).ConfigureAwait(false);
    }

    private async Task<AttemptResult> CreateChildAsync(AttemptCall call, CanarySpec spec, string action, CancellationToken cancellationToken)
    {
        var lb = await FindLoadBalancerAsync(spec, cancellationToken).ConfigureAwait(false);
        if (lb is null)
        {
            return AttemptResult.Failure($"the canary load balancer {spec.Name} does not exist (did create-loadbalancer run?)");
        }

        var (collection, kind, name, fields) = await ChildAsync(spec, lb, action, cancellationToken).ConfigureAwait(false);
        var existing = await client.FindAsync(collection, ResultKey(kind), "name=" + OctaviaClient.Escape(name), cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            fields["name"] = name;
            existing = await client.CreateAsync(collection, kind, fields, cancellationToken).ConfigureAwait(false);
            await call.Submitted($"created {kind} {existing}").ConfigureAwait(false);
        }

        return await ActiveAsync(lb, $"{kind} {name} ({existing}) created; load balancer ACTIVE", cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string Collection, string Kind, string Name, JsonObject Fields)> ChildAsync(CanarySpec spec, string lb, string action,
        CancellationToken cancellationToken)
    {
        switch (action)
        {
            case "create-listener":
                return ("listeners", "listener", spec.Name + "-listener", new JsonObject
                {
                    ["loadbalancer_id"] = lb, ["protocol"] = spec.Protocol, ["protocol_port"] = spec.Port,
                });
            case "create-pool":
                return ("pools", "pool", spec.Name + "-pool", new JsonObject
                {
                    ["listener_id"] = await RequireAsync("listeners", "listener", spec.Name + "-listener", cancellationToken).ConfigureAwait(false),
                    ["protocol"] = spec.Protocol, ["lb_algorithm"] = spec.Algorithm,
                });
            case "create-healthmonitor":
                var monitor = new JsonObject
                {
                    ["pool_id"] = await RequireAsync("pools", "pool", spec.Name + "-pool", cancellationToken).ConfigureAwait(false),
                    ["type"] = spec.MonitorType, ["delay"] = Seconds(spec.MonitorDelay), ["timeout"] = Seconds(spec.MonitorTimeout),
                    ["max_retries"] = spec.MonitorRetries,
                };
                if (spec.MonitorType is "HTTP" or "HTTPS")
                {
                    monitor["url_path"] = "/";
                }

                return ("healthmonitors", "healthmonitor", spec.Name + "-healthmonitor", monitor);
            default:
                var number = int.Parse(action["add-member-".Length..], CultureInfo.InvariantCulture);
                if (number < 1 || number > spec.Members.Length)
                {
                    throw new ArgumentException($"{action}: the canary has {spec.Members.Length} member(s)", nameof(action));
                }

                var member = spec.Members[number - 1];
                var pool = await RequireAsync("pools", "pool", spec.Name + "-pool", cancellationToken).ConfigureAwait(false);
                return ($"pools/{pool}/members", "member", $"{spec.Name}-member-{number}", new JsonObject
                {
                    ["address"] = member.Address, ["protocol_port"] = member.Port,
                });
        }
    }

    /// <summary>
    /// Provisioning ACTIVE for the load balancer, listener and pool, then operating status. Only Octavia's health
    /// manager sets operating status from amphora heartbeats; a deployment without one (noop drivers, mplan's tests)
    /// shows OFFLINE forever. With <see cref="OctaviaDriverOptions.AcceptOfflineOperatingStatus"/> the check passes on
    /// provisioning status alone and says so; otherwise it polls until ONLINE (the attempt's timeout ends it).
    /// </summary>
    private async Task<AttemptResult> CheckAsync(CanarySpec spec, CancellationToken cancellationToken)
    {
        var id = await FindLoadBalancerAsync(spec, cancellationToken).ConfigureAwait(false);
        if (id is null)
        {
            return AttemptResult.Failure($"the canary load balancer {spec.Name} does not exist");
        }

        var schedule = PollSchedule.ForPolling(_options);
        while (true)
        {
            var lb = await _waiter.SettledAsync(id, schedule, cancellationToken).ConfigureAwait(false);
            if (lb is null || lb.ProvisioningStatus == "ERROR")
            {
                return AttemptResult.Failure($"the canary load balancer {spec.Name} is {(lb is null ? "gone" : "in ERROR")}");
            }

            var children = new List<string>();
            foreach (var (collection, kind) in new[] { ("listeners", "listener"), ("pools", "pool") })
            {
                var childId = await client.FindAsync(collection, ResultKey(kind), "name=" + OctaviaClient.Escape($"{spec.Name}-{kind}"), cancellationToken).ConfigureAwait(false);
                if (childId is not null && await client.StatusAsync($"{collection}/{childId}", kind, cancellationToken).ConfigureAwait(false) is { } status)
                {
                    if (status.Provisioning == "ERROR")
                    {
                        return AttemptResult.Failure($"the canary {kind} is in ERROR");
                    }

                    children.Add($"{kind} {status.Provisioning}/{status.Operating}");
                }
            }

            var summary = $"load balancer {lb.ProvisioningStatus}/{lb.OperatingStatus}" + (children.Count > 0 ? ", " + string.Join(", ", children) : "");
            if (lb.OperatingStatus == "ONLINE")
            {
                return AttemptResult.Success(summary);
            }

            if (_options.AcceptOfflineOperatingStatus)
            {
                return AttemptResult.Success($"{summary}; operating status {lb.OperatingStatus} accepted: this deployment has no health manager, so only provisioning was checked");
            }
        }
    }

    private async Task<AttemptResult> DeleteAsync(AttemptCall call, CanarySpec spec, CancellationToken cancellationToken)
    {
        var id = await FindLoadBalancerAsync(spec, cancellationToken).ConfigureAwait(false);
        if (id is null)
        {
            return AttemptResult.Success($"the canary load balancer {spec.Name} is already gone");
        }

        await _waiter.UntilNotBusyAsync(PollSchedule.ForBusy(_options), async token =>
        {
            try
            {
                return (false, await client.DeleteLoadBalancerAsync(id, cascade: true, token).ConfigureAwait(false));
            }
            catch (OpenStackException e) when (e.Status == System.Net.HttpStatusCode.Conflict)
            {
                return (true, false);
            }
        }, cancellationToken).ConfigureAwait(false);

        await call.Submitted($"cascade delete of {id} accepted").ConfigureAwait(false);
        var lb = await _waiter.SettledAsync(id, PollSchedule.ForPolling(_options), cancellationToken).ConfigureAwait(false);
        return lb is null
            ? AttemptResult.Success($"the canary load balancer {spec.Name} ({id}) and its children are deleted")
            : AttemptResult.Failure($"the canary load balancer {id} is {lb.ProvisioningStatus} after the delete");
    }

    private async Task<AttemptResult> ActiveAsync(string id, string success, CancellationToken cancellationToken)
    {
        var lb = await _waiter.SettledAsync(id, PollSchedule.ForPolling(_options), cancellationToken).ConfigureAwait(false);
        return lb?.ProvisioningStatus switch
        {
            "ACTIVE" => AttemptResult.Success(success),
            null => AttemptResult.Failure($"the canary load balancer {id} disappeared"),
            var status => AttemptResult.Failure($"the canary load balancer {id} went to {status}"),
        };
    }

    private Task<string?> FindLoadBalancerAsync(CanarySpec spec, CancellationToken cancellationToken) =>
        client.FindAsync("loadbalancers", "loadbalancers", "name=" + OctaviaClient.Escape(spec.Name), cancellationToken);

    private async Task<string> RequireAsync(string collection, string kind, string name, CancellationToken cancellationToken) =>
        await client.FindAsync(collection, ResultKey(kind), "name=" + OctaviaClient.Escape(name), cancellationToken).ConfigureAwait(false)
        ?? throw new OpenStackException($"the canary's {kind} {name} does not exist; its earlier step must run first");

    private static string ResultKey(string kind) => kind + "s";

    private static int Seconds(TimeSpan time) => Math.Max(1, (int)Math.Ceiling(time.TotalSeconds));
}
