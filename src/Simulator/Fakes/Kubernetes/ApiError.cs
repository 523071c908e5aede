using System.Text.Json.Nodes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>
/// A request the fake API server refuses, carrying the <c>Status</c> body a real server sends (CONTRACTS §4.6). Thrown by
/// the store and by admission hooks; the HTTP layer turns it into the response.
/// </summary>
public sealed class ApiError : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="code">The HTTP status code, also the Status's <c>code</c>.</param>
    /// <param name="reason">The Status reason, e.g. <c>NotFound</c>.</param>
    /// <param name="message">The Status message, verbatim.</param>
    /// <param name="details">The Status's <c>details</c>, if any.</param>
    public ApiError(int code, string reason, string message, JsonObject? details = null) : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    /// <summary>The Status body.</summary>
    public JsonObject ToStatus() => Body(Code, Reason, Message, Details);

    /// <summary>A Status body with the fields in the order a real server writes them.</summary>
    /// <param name="code">The HTTP status code.</param>
    /// <param name="reason">The reason; empty to leave it out.</param>
    /// <param name="message">The message; empty to leave it out.</param>
    /// <param name="details">The details, if any.</param>
    public static JsonObject Body(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = code is >= 200 and < 300 ? "Success" : "Failure",
        };
        if (message.Length > 0)
        {
            status["message"] = message;
        }

        if (reason.Length > 0)
        {
            status["reason"] = reason;
        }

        if (details is not null)
        {
            status["details"] = details.DeepClone();
        }

        status["code"] = code;
        return status;
    }

    private static JsonObject NameDetails(ResourceType type, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        return details;
    }

    public static ApiError NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedName} \"{name}\" not found", NameDetails(type, name));

    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedName} \"{name}\" already exists", NameDetails(type, name));

    public static ApiError Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            NameDetails(type, name));

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiError MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    /// <summary>The 415 a real server sends for a strategic merge patch on a custom resource (kubernetes#97423).</summary>
    public static ApiError StrategicMergeOnCustomResource() =>
        new(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");

    /// <summary>An expired <c>continue</c> token or a watch from a compacted resourceVersion.</summary>
    /// <param name="message">What expired.</param>
    public static ApiError Expired(string message) => new(410, "Expired", message);

    /// <summary>422 Invalid with one cause per offending field (a structural schema violation).</summary>
    /// <param name="type">The object's kind.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="causes">(reason, field, message) per problem, e.g. (FieldValueNotSupported, status.state, Unsupported value: …).</param>
    public static ApiError Invalid(ResourceType type, string name, IReadOnlyList<(string Reason, string Field, string Message)> causes)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Kind };
        var list = new JsonArray();
        foreach (var (reason, field, message) in causes)
        {
            list.Add((JsonNode)new JsonObject { ["reason"] = reason, ["message"] = message, ["field"] = field });
        }

        details["causes"] = list;
        var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        var prefix = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        var joined = causes.Count == 1 ? text : $"[{text}]";
        return new ApiError(422, "Invalid", $"{prefix} \"{name}\" is invalid: {joined}", details);
    }
}
