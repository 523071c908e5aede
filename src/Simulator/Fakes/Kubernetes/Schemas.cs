using System.Text.Json.Nodes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>
/// The structural-schema checks of the Rockoon CRDs (CONTRACTS §2.1, §2.6.2): required fields, the enums of
/// <c>status.state</c> and <c>spec.scope</c> (422 Invalid with one cause per field), and pruning of <c>status</c> on
/// the kinds whose schema has none. Everything else is <c>x-kubernetes-preserve-unknown-fields</c>.
/// </summary>
internal static class Schemas
{
    private static readonly string[] LockStates = ["inactive", "active", "failed"];
    private static readonly string[] Scopes = ["os", "drain"];

    public static void Check(ResourceType type, JsonObject obj)
    {
        var causes = new List<(string, string, string)>();
        if (type == ResourceTypes.NodeWorkloadLocks || type == ResourceTypes.ClusterWorkloadLocks)
        {
            Required(obj, type == ResourceTypes.NodeWorkloadLocks ? "nodeName" : "controllerName", causes);
            if (obj["status"] is JsonObject status)
            {
                Enum(status, "status", "state", LockStates, required: true, causes);
                if (ObjectShapes.Long(status["inactivationProgress"]?["percentage"]) is { } p && p > 100)
                {
                    causes.Add(("FieldValueInvalid", "status.inactivationProgress.percentage", $"Invalid value: {p}: status.inactivationProgress.percentage in body should be less than or equal to 100"));
                }
            }
        }
        else if (type == ResourceTypes.NodeMaintenanceRequests || type == ResourceTypes.ClusterMaintenanceRequests)
        {
            obj.Remove("status");
            if (type == ResourceTypes.NodeMaintenanceRequests)
            {
                Required(obj, "nodeName", causes);
            }

            if (obj["spec"] is JsonObject spec)
            {
                Enum(spec, "spec", "scope", Scopes, required: false, causes);
            }
        }

        if (causes.Count > 0)
        {
            throw ApiError.Invalid(type, obj["metadata"]?["name"]?.GetValue<string>() ?? "", causes);
        }
    }

    private static void Required(JsonObject obj, string field, List<(string, string, string)> causes)
    {
        if (obj["spec"]?[field] is null)
        {
            causes.Add(("FieldValueRequired", $"spec.{field}", "Required value"));
        }
    }

    private static void Enum(JsonObject parent, string path, string field, string[] allowed, bool required, List<(string, string, string)> causes)
    {
        var node = parent[field];
        if (node is null)
        {
            if (required)
            {
                causes.Add(("FieldValueRequired", $"{path}.{field}", "Required value"));
            }

            return;
        }

        var value = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (value is null || !allowed.Contains(value))
        {
            var shown = value is null ? node.ToJsonString() : $"\"{value}\"";
            causes.Add(("FieldValueNotSupported", $"{path}.{field}",
                $"Unsupported value: {shown}: supported values: {string.Join(", ", allowed.Select(a => $"\"{a}\""))}"));
        }
    }
}
