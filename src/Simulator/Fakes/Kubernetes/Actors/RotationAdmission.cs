using System.Text.Json.Nodes;

namespace Simulator.Fakes.Kubernetes.Actors;

/// <summary>
/// Rockoon's validating webhook for writes to an OpenStackDeployment's <c>/status</c> (CONTRACTS §2.3): rotation data
/// may change only while the osdplst is APPLIED, and a <c>rotation_id</c> goes up by exactly one, never down, never
/// away, never to 0 or below. A refusal is a 400 Status with Rockoon's message.
/// </summary>
internal static class RotationAdmission
{
    public const string Locked = "OpenStack rotation data update is not possible while another operation is in progress.";

    public static void Register(ObjectStore store) => store.AddAdmission(request =>
    {
        if (request.Resource != ResourceTypes.OpenStackDeployments || request.Operation != "UPDATE" || request.Subresource != "status")
        {
            return;
        }

        Check(store, request.Old!, request.New!);
    });

    private static void Check(ObjectStore store, JsonObject old, JsonObject proposed)
    {
        var before = Groups(old);
        var after = Groups(proposed);
        if (JsonNode.DeepEquals(old["status"]?["certificates"], proposed["status"]?["certificates"])
            && JsonNode.DeepEquals(old["status"]?["credentials"], proposed["status"]?["credentials"]))
        {
            return;
        }

        var ns = ObjectShapes.Namespace(old);
        var state = store.TryGet(ResourceTypes.OpenStackDeploymentStatus, ns, ObjectShapes.Name(old))?["status"]?["osdpl"]?["state"]?.GetValue<string>();
        if (state != "APPLIED")
        {
            throw ApiError.BadRequest(Locked);
        }

        foreach (var group in before.Keys)
        {
            if (!after.TryGetValue(group, out var newId) || newId is null or 0)
            {
                throw ApiError.BadRequest($"Removing {group} rotation config is not allowed");
            }
        }

        foreach (var (group, newId) in after)
        {
            var oldId = before.TryGetValue(group, out var id) ? id ?? 0 : 0;
            if (newId is not { } value)
            {
                continue;
            }

            if (value <= 0)
            {
                throw ApiError.BadRequest($"{group} rotation_id should be greater than 0");
            }

            if (oldId > value)
            {
                throw ApiError.BadRequest($"Decreasing {group} rotation_id is not allowed");
            }

            if (value - oldId > 1)
            {
                throw ApiError.BadRequest($"Increasing {group} rotation_id more than by 1 is not allowed");
            }
        }
    }

    // The rotation groups with a rotation_id: status.certificates.<service>.<type> as "<service>:<type>" (osctl's
    // --type spelling; Rockoon's message for certificates is not in the sources read) and status.credentials.<group>.
    private static Dictionary<string, long?> Groups(JsonObject osdpl)
    {
        var groups = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var (service, types) in osdpl["status"]?["certificates"] as JsonObject ?? [])
        {
            foreach (var (type, data) in types as JsonObject ?? [])
            {
                if (data is JsonObject d && d.ContainsKey("rotation_id"))
                {
                    groups[$"{service}:{type}"] = ObjectShapes.Long(d["rotation_id"]);
                }
            }
        }

        foreach (var (group, data) in osdpl["status"]?["credentials"] as JsonObject ?? [])
        {
            if (data is JsonObject d && d.ContainsKey("rotation_id"))
            {
                groups[group] = ObjectShapes.Long(d["rotation_id"]);
            }
        }

        return groups;
    }
}
