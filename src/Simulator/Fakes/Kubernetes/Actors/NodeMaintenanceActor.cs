using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Planner.Model;
using static Simulator.Fakes.Kubernetes.ObjectShapes;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>
/// Rockoon's maintenance controller (CONTRACTS §2.4, §2.5): a NodeMaintenanceRequest for an OpenStack node takes its
/// NodeWorkloadLock to inactive once the node's role allows (one controller, one gateway, 30 computes of one zone at
/// a time), after the compute's instances are dealt with as its <c>instance_migration_mode</c> annotation says;
/// deleting the request (delayed by Rockoon's finalizer) gives the lock back (active).
/// </summary>
internal sealed class NodeMaintenanceActor : StoreActor
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(60);   // kopf's default after a TemporaryError
    private const string ModeAnnotation = "openstack.lcm.mirantis.com/instance_migration_mode";
    private const string AttemptsAnnotation = "openstack.lcm.mirantis.com/instance_migration_attempts";

    private readonly ClusterInventory _inventory;
    private readonly FakeBehaviour _behaviour;
    private readonly ConcurrentDictionary<string, byte> _handling = new(StringComparer.Ordinal);
    private readonly Lock _acquire = new();

    public NodeMaintenanceActor(ObjectStore store, ActorClock clock, ConcurrentQueue<Exception> errors, ClusterInventory inventory, FakeBehaviour behaviour)
        : base(store, clock, errors)
    {
        _inventory = inventory;
        _behaviour = behaviour;
    }

    protected override void OnChange(WatchEvent change)
    {
        if (change.Resource == ResourceTypes.Nodes)
        {
            FollowRoles(change);
            return;
        }

        if (change.Resource != ResourceTypes.NodeMaintenanceRequests || change.Type == WatchEvent.Deleted)
        {
            return;
        }

        var request = change.Object;
        var name = Name(request);
        if (request["metadata"]?["deletionTimestamp"] is not null)
        {
            if (_handling.TryAdd("delete/" + name, 0))
            {
                Spawn(token => ReleaseAsync(name, token));
            }

            return;
        }

        if (change.Type == WatchEvent.Added && _handling.TryAdd("create/" + name, 0))
        {
            Spawn(token => InactivateAsync(name, token));
        }
    }

    private async Task InactivateAsync(string requestName, CancellationToken token)
    {
        var request = Store.TryGet(ResourceTypes.NodeMaintenanceRequests, null, requestName);
        var nodeName = request?["spec"]?["nodeName"]?.GetValue<string>();
        var node = nodeName is null ? null : Store.TryGet(ResourceTypes.Nodes, null, nodeName);
        var lockName = $"openstack-{nodeName}";
        if (node is null || Role(node) is not { } role || Store.TryGet(ResourceTypes.NodeWorkloadLocks, null, lockName) is null)
        {
            return;                                   // not an OpenStack node: Rockoon ignores the request
        }

        Store.Update(ResourceTypes.NodeMaintenanceRequests, null, requestName, r =>
        {
            var metadata = (JsonObject)r["metadata"]!;
            if (metadata["finalizers"] is not JsonArray finalizers)
            {
                finalizers = [];
                metadata["finalizers"] = finalizers;
            }

            if (!finalizers.Any(f => f?.GetValue<string>() == RockoonFinalizer))
            {
                finalizers.Add((JsonNode)RockoonFinalizer);
            }
        });

        while (!TryAcquire(lockName, role, Label(node, "topology.kubernetes.io/zone")))
        {
            SetError(lockName, $"Number of inactive NodeWorkloadLocks exceeds allowed concurrency. Deferring processing for node {nodeName}");
            await Clock.DelayAsync(RetryDelay, token);
            if (Withdrawn(requestName))
            {
                return;
            }
        }

        var scope = request!["spec"]?["scope"]?.GetValue<string>() ?? "drain";
        if (role == "compute" && scope == "os")
        {
            await MigrateAsync(nodeName!, lockName, requestName, token);
        }
        else
        {
            await Clock.DelayAsync(TimeSpan.FromSeconds(10), token);   // remove from scheduling, disable the services
        }

        if (Withdrawn(requestName))
        {
            return;
        }

        Store.Update(ResourceTypes.NodeWorkloadLocks, null, lockName, l =>
        {
            var status = Path(l, "status");
            status["state"] = "inactive";
            status.Remove("errorMessage");
        });
    }

    // Nova.prepare_node_for_reboot: live-migrate the live_migrate servers one at a time (instance_migration_attempts
    // each); servers marked notify, and those whose migration kept failing, hold the node until the operator moves
    // them and sets the node's mode to skip (poweroff servers never hold it).
    private async Task MigrateAsync(string nodeName, string lockName, string requestName, CancellationToken token)
    {
        var servers = Servers(nodeName);
        var target = _behaviour.Target(nodeName);
        var migration = _behaviour.LiveMigration(target);
        var stranded = new List<string>();
        var unset = new List<string>();
        var node = Store.Get(ResourceTypes.Nodes, null, nodeName);
        var mode = Annotation(node, ModeAnnotation) ?? "live";
        var attempts = int.TryParse(Annotation(node, AttemptsAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? a : 3;
        for (var index = 0; index < servers.Count; index++)
        {
            var (id, action) = servers[index];
            action ??= mode switch { "skip" => "poweroff", "manual" => "notify", _ => "live_migrate" };
            if (action == "poweroff")
            {
                continue;
            }

            if (action == "notify")
            {
                stranded.Add(id);
                continue;
            }

            var migrated = false;
            for (var attempt = 1; attempt <= attempts && !migrated; attempt++)
            {
                SetError(lockName, $"Starting migration for {id}");
                var random = _behaviour.Random($"{nodeName}/{id}", attempt);
                var duration = migration.PerInstance?.Sample(ref random) ?? TimeSpan.FromMinutes(2);
                await Clock.DelayAsync(duration, token);
                migrated = target?.Fault != Behaviour.TargetFault.Fails && random.NextDouble() >= (migration.FailureProbability ?? 0);
            }

            if (!migrated)
            {
                unset.Add(id);
            }
        }

        while (stranded.Count + unset.Count > 0)
        {
            SetError(lockName, $"Some servers are still present on the host. Notify owners of the following server: {PythonList(stranded)} Servers with unset maintenance action: {PythonList(unset)}");
            await Clock.DelayAsync(RetryDelay, token);
            if (Withdrawn(requestName))
            {
                return;
            }

            if (Annotation(Store.Get(ResourceTypes.Nodes, null, nodeName), ModeAnnotation) == "skip")
            {
                break;                                     // the operator moved them and confirmed
            }
        }
    }

    private async Task ReleaseAsync(string requestName, CancellationToken token)
    {
        var request = Store.TryGet(ResourceTypes.NodeMaintenanceRequests, null, requestName);
        var nodeName = request?["spec"]?["nodeName"]?.GetValue<string>();
        var lockName = $"openstack-{nodeName}";
        if (Store.TryGet(ResourceTypes.NodeWorkloadLocks, null, lockName) is { } nwl && Annotation(nwl, "inner_state") == "active")
        {
            await Clock.DelayAsync(TimeSpan.FromSeconds(20), token);   // node Ready, its pods Ready, services re-enabled
            Store.Update(ResourceTypes.NodeWorkloadLocks, null, lockName, l =>
            {
                Annotations(l)["inner_state"] = "inactive";
                var status = Path(l, "status");
                status["state"] = "active";
                status.Remove("errorMessage");
            });
        }

        if (Store.TryGet(ResourceTypes.NodeMaintenanceRequests, null, requestName) is not null)
        {
            Store.Update(ResourceTypes.NodeMaintenanceRequests, null, requestName, r =>
            {
                if (r["metadata"]?["finalizers"] is JsonArray finalizers)
                {
                    var kept = new JsonArray([.. finalizers.Where(f => f?.GetValue<string>() != RockoonFinalizer).Select(f => f?.DeepClone())]);
                    ((JsonObject)r["metadata"]!)["finalizers"] = kept;
                }
            });
        }

        _handling.TryRemove("create/" + requestName, out _);
        _handling.TryRemove("delete/" + requestName, out _);
    }

    // acquire_internal_lock: per role, at most so many locks with inner_state=active; computes only alongside
    // computes of the same availability zone (respect_nova_az).
    private bool TryAcquire(string lockName, string role, string? zone)
    {
        lock (_acquire)
        {
            var limit = role switch { "controller" => 1, "gateway" => 1, _ => 30 };
            var busy = Store.List(ResourceTypes.NodeWorkloadLocks).Items
                .Where(l => Name(l) != lockName && Annotation(l, "inner_state") == "active")
                .Select(l => Store.TryGet(ResourceTypes.Nodes, null, l["spec"]!["nodeName"]!.GetValue<string>()))
                .Where(n => n is not null && Role(n) == role)
                .ToList();
            if (busy.Count >= limit || (role == "compute" && busy.Any(n => Label(n!, "topology.kubernetes.io/zone") != zone)))
            {
                return false;
            }

            Store.Update(ResourceTypes.NodeWorkloadLocks, null, lockName, l => Annotations(l)["inner_state"] = "active");
            return true;
        }
    }

    // Rockoon's node controller: a node that gains an OpenStack role gets its lock (active); one that loses them all
    // loses it (its finalizer is Rockoon's own, so it goes at once).
    private void FollowRoles(WatchEvent change)
    {
        var name = Name(change.Object);
        var lockName = $"openstack-{name}";
        var hasRole = change.Type != WatchEvent.Deleted && Role(change.Object) is not null;
        var existing = Store.TryGet(ResourceTypes.NodeWorkloadLocks, null, lockName);
        if (hasRole && existing is null && _inventory.Deployment is { } osdpl)
        {
            Store.Create(ResourceTypes.NodeWorkloadLocks, null, ClusterSeeder.NodeWorkloadLock(name, osdpl.Release), system: true);
        }
        else if (!hasRole && existing is not null)
        {
            Store.Update(ResourceTypes.NodeWorkloadLocks, null, lockName, l => ((JsonObject)l["metadata"]!).Remove("finalizers"));
            Store.Delete(ResourceTypes.NodeWorkloadLocks, null, lockName, system: true);
        }
    }

    private bool Withdrawn(string requestName) =>
        Store.TryGet(ResourceTypes.NodeMaintenanceRequests, null, requestName) is not { } request || request["metadata"]?["deletionTimestamp"] is not null;

    private static string? Role(JsonObject node) =>
        Label(node, "openstack-control-plane") == "enabled" ? "controller"
        : Label(node, "openstack-gateway") == "enabled" ? "gateway"
        : Label(node, "openstack-compute-node") == "enabled" ? "compute"
        : null;

    // The node's servers as the fake Nova lists them (the same made-up ids for counted instances), with their tags.
    private List<(string Id, string? Action)> Servers(string nodeName) =>
        [.. Keystone.FakeServer.Of(_inventory).Where(s => s.Host == nodeName).Select(s => (s.Id, s.MaintenanceAction))];

    private void SetError(string lockName, string message) =>
        Store.Update(ResourceTypes.NodeWorkloadLocks, null, lockName, l => Path(l, "status")["errorMessage"] = $"{PythonUtc(Clock.Now)} {message}");

    private static string PythonList(List<string> items) => "[" + string.Join(", ", items.Select(i => $"'{i}'")) + "]";
}
