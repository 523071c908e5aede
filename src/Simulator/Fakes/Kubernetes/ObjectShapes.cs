using System.Globalization;
using System.Text.Json.Nodes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>Small helpers to build and read the JSON objects the fake stores.</summary>
internal static class ObjectShapes
{
    public const string RockoonFinalizer = "lcm.mirantis.com/rockoon.nodemaintenancerequest-finalizer";

    public static JsonObject New(ResourceType type, string name, string? ns = null, JsonObject? labels = null, JsonObject? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (labels is { Count: > 0 })
        {
            metadata["labels"] = labels;
        }

        if (annotations is { Count: > 0 })
        {
            metadata["annotations"] = annotations;
        }

        return new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind, ["metadata"] = metadata };
    }

    public static JsonObject OwnerReference(JsonObject owner, bool controller = true) => new()
    {
        ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
        ["kind"] = owner["kind"]!.GetValue<string>(),
        ["name"] = Name(owner),
        ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        ["controller"] = controller,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>A JSON number as a long, whether it was parsed or built from an int or a long; null when absent or not a number.</summary>
    public static long? Long(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<long>(out var l) ? l
        : value.TryGetValue<int>(out var i) ? i
        : value.TryGetValue<double>(out var d) ? (long)d
        : value.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null
        : null;

    public static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    public static string? Namespace(JsonObject obj) => obj["metadata"]!["namespace"]?.GetValue<string>();

    public static string Uid(JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();

    public static string? Annotation(JsonObject obj, string key) => obj["metadata"]?["annotations"]?[key]?.GetValue<string>();

    public static string? Label(JsonObject obj, string key) => obj["metadata"]?["labels"]?[key]?.GetValue<string>();

    public static JsonObject Annotations(JsonObject obj)
    {
        var metadata = (JsonObject)obj["metadata"]!;
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        return annotations;
    }

    /// <summary>Gets or creates the object at a path of keys.</summary>
    public static JsonObject Path(JsonObject obj, params string[] keys)
    {
        var node = obj;
        foreach (var key in keys)
        {
            if (node[key] is not JsonObject child)
            {
                child = [];
                node[key] = child;
            }

            node = child;
        }

        return node;
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Python's <c>str(datetime.utcnow())</c>: space separator, microseconds, no zone (Rockoon's timestamps).</summary>
    public static string PythonUtc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static JsonObject Condition(string type, string status, DateTimeOffset at, string? reason = null, string? message = null)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastTransitionTime"] = Time(at) };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }
}
