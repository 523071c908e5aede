using System.Text.Json.Nodes;

namespace Simulator.Fakes.Kubernetes;

/// <summary>A change in the store as watches see it: ADDED, MODIFIED or DELETED (the HTTP layer adds BOOKMARK and ERROR).</summary>
/// <param name="Type">The watch event type.</param>
/// <param name="Resource">The object's kind.</param>
/// <param name="Object">The object after the change (for DELETED: as it was, with the deletion's resourceVersion).</param>
/// <param name="Previous">The object before the change; null for ADDED.</param>
/// <param name="ResourceVersion">The store's resourceVersion of the change.</param>
public sealed record WatchEvent(string Type, ResourceType Resource, JsonObject Object, JsonObject? Previous, long ResourceVersion)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";

    /// <summary>The object's name.</summary>
    public string Name => Object["metadata"]!["name"]!.GetValue<string>();

    /// <summary>The object's namespace, or null for a cluster-scoped object.</summary>
    public string? Namespace => Object["metadata"]!["namespace"]?.GetValue<string>();
}

/// <summary>A write as admission hooks see it, before it is stored; a hook throws an <see cref="ApiError"/> to refuse it.</summary>
/// <param name="Operation">CREATE, UPDATE or DELETE.</param>
/// <param name="Resource">The object's kind.</param>
/// <param name="Subresource">"status" for a write to <c>/status</c>, else null.</param>
/// <param name="Old">The stored object; null for CREATE.</param>
/// <param name="New">The object as it would be stored; null for DELETE.</param>
public sealed record AdmissionRequest(string Operation, ResourceType Resource, string? Subresource, JsonObject? Old, JsonObject? New);

/// <summary>How a watch that starts from a compacted resourceVersion is refused (CONTRACTS §4.4: real servers do both).</summary>
public enum ExpiredWatchAnswer
{
    /// <summary>HTTP 200 with a single ERROR event carrying a 410 Status, then EOF (what a real server usually does).</summary>
    ErrorEvent,

    /// <summary>HTTP 410 with a Status body.</summary>
    HttpGone,
}
