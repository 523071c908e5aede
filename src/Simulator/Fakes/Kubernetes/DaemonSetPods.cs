using System.Text.Json.Nodes;
using static Simulator.Fakes.Kubernetes.ObjectShapes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>A DaemonSet's pods and the status counters computed from them (CONTRACTS §4.5: zero omitempty counters are left out).</summary>
internal static class DaemonSetPods
{
    public static JsonObject Create(ObjectStore store, JsonObject ds, string node, bool ready, DateTimeOffset now)
    {
        var ns = Namespace(ds)!;
        var name = Name(ds);
        var template = (JsonObject)ds["spec"]!["template"]!;
        var labels = (JsonObject)(template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject());
        labels["controller-revision-hash"] = "6d5b8c7f9";
        labels["pod-template-generation"] = ds["metadata"]!["generation"]?.ToString() ?? "1";
        var pod = New(ResourceTypes.Pods, $"{name}-{store.NameSuffix()}", ns, labels: labels);
        ((JsonObject)pod["metadata"]!)["ownerReferences"] = new JsonArray(OwnerReference(ds));
        var spec = (JsonObject)template["spec"]!.DeepClone();
        spec["nodeName"] = node;
        spec["restartPolicy"] = "Always";
        pod["spec"] = spec;
        pod["status"] = PodStatus(spec, ready, now);
        return store.Create(ResourceTypes.Pods, ns, pod, system: true);
    }

    public static JsonObject PodStatus(JsonObject spec, bool ready, DateTimeOffset now)
    {
        var flag = ready ? "True" : "False";
        var containers = new JsonArray();
        foreach (var container in spec["containers"] as JsonArray ?? [])
        {
            containers.Add((JsonNode)new JsonObject
            {
                ["name"] = container!["name"]!.GetValue<string>(),
                ["image"] = container["image"]?.GetValue<string>(),
                ["ready"] = ready,
                ["started"] = ready,
                ["restartCount"] = 0,
                ["state"] = ready
                    ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(now) } }
                    : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
            });
        }

        return new JsonObject
        {
            ["phase"] = ready ? "Running" : "Pending",
            ["conditions"] = new JsonArray(Condition("Initialized", "True", now), Condition("Ready", flag, now), Condition("ContainersReady", flag, now),
                Condition("PodScheduled", "True", now)),
            ["hostIP"] = "10.0.0.1",
            ["startTime"] = Time(now),
            ["containerStatuses"] = containers,
        };
    }

    public static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    public static List<JsonObject> PodsOf(ObjectStore store, string ns, string uid) =>
        [.. store.List(ResourceTypes.Pods, ns).Items.Where(p => p["metadata"]?["ownerReferences"] is JsonArray owners
            && owners.Any(o => o?["uid"]?.GetValue<string>() == uid) && p["metadata"]?["deletionTimestamp"] is null)];

    /// <summary>The nodes a DaemonSet should run on: those with one of its roles (annotation <c>mplan.fake/roles</c>), or all.</summary>
    public static List<string> NodesFor(ObjectStore store, JsonObject ds)
    {
        var roles = Annotation(ds, "mplan.fake/roles")?.Split(',') ?? [];
        var labels = roles.Select(r => ClusterSeeder.RoleLabels.TryGetValue(r, out var l) ? l : r).ToList();
        return [.. store.List(ResourceTypes.Nodes).Items
            .Where(n => labels.Count == 0 || labels.Any(l => Label(n, l) == "enabled"))
            .Select(Name)];
    }

    public static void RefreshStatus(ObjectStore store, string ns, string name)
    {
        store.Update(ResourceTypes.DaemonSets, ns, name, ds =>
        {
            var generation = Long(ds["metadata"]!["generation"]) ?? 1;
            var nodes = NodesFor(store, ds).ToHashSet(StringComparer.Ordinal);
            var pods = PodsOf(store, ns, Uid(ds));
            var generationText = generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var scheduled = pods.Select(p => p["spec"]?["nodeName"]?.GetValue<string>() ?? "").Where(nodes.Contains).Distinct().Count();
            var ready = pods.Where(IsReady).Select(p => p["spec"]!["nodeName"]!.GetValue<string>()).Where(nodes.Contains).Distinct().Count();
            var updated = pods.Where(p => Label(p, "pod-template-generation") == generationText).Select(p => p["spec"]!["nodeName"]!.GetValue<string>()).Distinct().Count();
            var misscheduled = pods.Count(p => !nodes.Contains(p["spec"]?["nodeName"]?.GetValue<string>() ?? ""));
            var status = new JsonObject
            {
                ["currentNumberScheduled"] = scheduled,
                ["numberMisscheduled"] = misscheduled,
                ["desiredNumberScheduled"] = nodes.Count,
                ["numberReady"] = ready,
                ["observedGeneration"] = generation,
            };
            Optional(status, "updatedNumberScheduled", updated);
            Optional(status, "numberAvailable", ready);
            Optional(status, "numberUnavailable", nodes.Count - ready);
            ds["status"] = status;
        });
    }

    private static void Optional(JsonObject status, string key, int value)
    {
        if (value > 0)
        {
            status[key] = value;
        }
    }
}
