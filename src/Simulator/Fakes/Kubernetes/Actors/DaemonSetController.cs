using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using static Simulator.Fakes.Kubernetes.ObjectShapes;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>
/// The DaemonSet controller: a deleted daemon pod is replaced on its node after a short while (new name and uid, the
/// DaemonSet's current pod-template-generation), which becomes Ready later (never, on the nodes the behaviour names);
/// a spec change is observed (observedGeneration) after a moment. The status counters follow every pod change.
/// </summary>
internal sealed class DaemonSetController : StoreActor
{
    private readonly FakeBehaviour _behaviour;

    public DaemonSetController(ObjectStore store, ActorClock clock, ConcurrentQueue<Exception> errors, FakeBehaviour behaviour)
        : base(store, clock, errors) => _behaviour = behaviour;

    protected override void OnChange(WatchEvent change)
    {
        if (change.Resource == ResourceTypes.DaemonSets && change.Type == WatchEvent.Modified
            && Long(change.Object["metadata"]!["generation"]) != Long(change.Previous?["metadata"]?["generation"]))
        {
            var (ns, name) = (Namespace(change.Object)!, Name(change.Object));
            Spawn(async token =>
            {
                await Clock.DelayAsync(TimeSpan.FromSeconds(2), token);
                Refresh(ns, name);
            });
            return;
        }

        if (change.Resource != ResourceTypes.Pods || Owner(change.Object) is not { } owner)
        {
            return;
        }

        var podNamespace = Namespace(change.Object)!;
        if (change.Type == WatchEvent.Deleted)
        {
            var node = change.Object["spec"]?["nodeName"]?.GetValue<string>();
            Spawn(token => ReplaceAsync(podNamespace, owner, node, token));
        }

        if (change.Type != WatchEvent.Added)
        {
            Refresh(podNamespace, owner);
        }
    }

    private static string? Owner(JsonObject pod) =>
        (pod["metadata"]?["ownerReferences"] as JsonArray)?.FirstOrDefault(o => o?["kind"]?.GetValue<string>() == "DaemonSet")?["name"]?.GetValue<string>();

    private async Task ReplaceAsync(string ns, string dsName, string? node, CancellationToken token)
    {
        await Clock.DelayAsync(_behaviour.PodRecreateAfter, token);
        if (node is null || Store.TryGet(ResourceTypes.DaemonSets, ns, dsName) is not { } ds || !DaemonSetPods.NodesFor(Store, ds).Contains(node)
            || DaemonSetPods.PodsOf(Store, ns, Uid(ds)).Any(p => p["spec"]?["nodeName"]?.GetValue<string>() == node))
        {
            return;
        }

        var pod = DaemonSetPods.Create(Store, ds, node, ready: false, Clock.Now);
        Refresh(ns, dsName);
        if (_behaviour.PodsNeverReadyOn.Contains(node))
        {
            return;
        }

        await Clock.DelayAsync(_behaviour.PodReadyAfter, token);
        if (Store.TryGet(ResourceTypes.Pods, ns, Name(pod)) is null)
        {
            return;
        }

        Store.Update(ResourceTypes.Pods, ns, Name(pod), p => p["status"] = DaemonSetPods.PodStatus((JsonObject)p["spec"]!, ready: true, Clock.Now));
    }

    private void Refresh(string ns, string name)
    {
        if (Store.TryGet(ResourceTypes.DaemonSets, ns, name) is not null)
        {
            DaemonSetPods.RefreshStatus(Store, ns, name);
        }
    }
}
