using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Planner.Model;
using static Simulator.Fakes.Kubernetes.ObjectShapes;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>
/// The management cluster's LCM for a cluster update: when the Cluster's <c>spec.providerSpec.value.release</c>
/// changes, it updates the nodes one by one, control plane first, then gateways, then computes. Per node: its
/// LCMMachine goes Prepare, a NodeMaintenanceRequest (scope os) is created on the MOSK cluster, the LCM waits for the
/// node's NodeWorkloadLock to be inactive, the machine goes Deploy (the update) and gets the new release, the
/// request is deleted and waited for (Rockoon's finalizer), and the machine is Ready again.
/// </summary>
internal sealed class LcmActor : StoreActor
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);
    private readonly ObjectStore _mosk;
    private readonly ClusterInventory _inventory;
    private readonly FakeBehaviour _behaviour;
    private readonly SemaphoreSlim _oneUpdate = new(1, 1);

    public LcmActor(ObjectStore management, ObjectStore mosk, ActorClock clock, ConcurrentQueue<Exception> errors, ClusterInventory inventory, FakeBehaviour behaviour)
        : base(management, clock, errors)
    {
        _mosk = mosk;
        _inventory = inventory;
        _behaviour = behaviour;
    }

    protected override void OnChange(WatchEvent change)
    {
        if (change.Resource != ResourceTypes.Clusters || change.Type != WatchEvent.Modified)
        {
            return;
        }

        var release = Release(change.Object);
        if (release is null || release == Release(change.Previous!))
        {
            return;
        }

        var (ns, name) = (Namespace(change.Object)!, Name(change.Object));
        Spawn(token => UpdateAsync(ns, name, release, token));
    }

    private static string? Release(JsonObject cluster) => cluster["spec"]?["providerSpec"]?["value"]?["release"]?.GetValue<string>();

    private async Task UpdateAsync(string ns, string clusterName, string release, CancellationToken token)
    {
        await _oneUpdate.WaitAsync(token);
        try
        {
            var stateName = $"{clusterName}-release";
            Update(ResourceTypes.LcmClusterStates, ns, stateName, s =>
            {
                Path(s, "spec")["value"] = release;
                var status = Path(s, "status");
                status["attempt"] = (Long(status["attempt"]) ?? 0) + 1;
            });
            foreach (var node in Order(ns, clusterName))
            {
                await UpdateNodeAsync(ns, node, release, token);
            }

            Update(ResourceTypes.LcmClusterStates, ns, stateName, s => Path(s, "status")["value"] = release);
        }
        finally
        {
            _oneUpdate.Release();
        }
    }

    private List<string> Order(string ns, string clusterName)
    {
        var roles = _inventory.Nodes.ToDictionary(n => n.Name, n => n.Roles, StringComparer.Ordinal);
        int Rank(string node) =>
            roles.TryGetValue(node, out var r) ? (r.Contains("control-plane") ? 0 : r.Contains("gateway") ? 1 : 2) : 3;
        return [.. Store.List(ResourceTypes.LcmMachines, ns).Items
            .Where(m => m["spec"]?["clusterName"]?.GetValue<string>() == clusterName)
            .Select(m => m["status"]?["hostname"]?.GetValue<string>() ?? Name(m))
            .OrderBy(Rank).ThenBy(n => n, StringComparer.Ordinal)];
    }

    private async Task UpdateNodeAsync(string ns, string node, string release, CancellationToken token)
    {
        SetMachine(ns, node, "Prepare", null);
        await Clock.DelayAsync(TimeSpan.FromSeconds(30), token);
        var request = New(ResourceTypes.NodeMaintenanceRequests, node);
        request["spec"] = new JsonObject { ["nodeName"] = node, ["scope"] = "os" };
        if (_mosk.TryGet(ResourceTypes.NodeMaintenanceRequests, null, node) is null)
        {
            _mosk.Create(ResourceTypes.NodeMaintenanceRequests, null, request, system: true);
        }

        while (_mosk.TryGet(ResourceTypes.NodeWorkloadLocks, null, $"openstack-{node}") is { } nwl && nwl["status"]?["state"]?.GetValue<string>() != "inactive")
        {
            await Clock.DelayAsync(Poll, token);
        }

        SetMachine(ns, node, "Deploy", null);
        var random = _behaviour.Random(node, 0);
        await Clock.DelayAsync(_behaviour.Duration("mosk.cluster-update", _behaviour.Target(node), TimeSpan.FromMinutes(15), ref random), token);
        SetMachine(ns, node, "Deploy", release);
        if (_mosk.TryGet(ResourceTypes.NodeMaintenanceRequests, null, node) is not null)
        {
            _mosk.Delete(ResourceTypes.NodeMaintenanceRequests, null, node, system: true);
        }

        while (_mosk.TryGet(ResourceTypes.NodeMaintenanceRequests, null, node) is not null)
        {
            await Clock.DelayAsync(Poll, token);
        }

        SetMachine(ns, node, "Ready", release);
    }

    private void SetMachine(string ns, string node, string state, string? release)
    {
        var machine = Store.List(ResourceTypes.LcmMachines, ns).Items.FirstOrDefault(m => m["status"]?["hostname"]?.GetValue<string>() == node || Name(m) == node);
        if (machine is null)
        {
            return;
        }

        Store.Update(ResourceTypes.LcmMachines, ns, Name(machine), m =>
        {
            var status = Path(m, "status");
            status["state"] = state;
            if (release is not null)
            {
                status["release"] = release;
            }
        });
    }

    private void Update(ResourceType type, string ns, string name, Action<JsonObject> change)
    {
        if (Store.TryGet(type, ns, name) is not null)
        {
            Store.Update(type, ns, name, change);
        }
    }
}
