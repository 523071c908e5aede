using System.Text.Json;

namespace Executor.OpenStack;

/// <summary>
/// A Nova server as <c>GET /servers/detail</c> shows it to an admin: its compute host (<c>OS-EXT-SRV-ATTR:host</c>,
/// the Kubernetes node's name in MOSK) and its tags (from microversion 2.26), where Rockoon reads the per-server
/// maintenance override.
/// </summary>
public sealed record NovaServer(string Id, string Name, string Status, string? Host, IReadOnlyList<string> Tags)
{
    /// <summary>Rockoon's per-server override tag (CONTRACTS §2.5), <c>openstack.lcm.mirantis.com:maintenance_action=ACTION</c>.</summary>
    public const string MaintenanceTag = "openstack.lcm.mirantis.com:maintenance_action=";

    /// <summary>The server's override; null without one, and with several (Rockoon warns and takes the node's policy).</summary>
    public string? MaintenanceAction =>
        Tags.Where(t => t.StartsWith(MaintenanceTag, StringComparison.Ordinal)).ToList() is [var only] ? only[MaintenanceTag.Length..] : null;

    /// <summary>Whether the server carries more than one override tag (Rockoon then ignores them all).</summary>
    public bool AmbiguousMaintenanceAction => Tags.Count(t => t.StartsWith(MaintenanceTag, StringComparison.Ordinal)) > 1;

    public static NovaServer From(JsonElement server) =>
        new(Json.Text(server, "id") ?? "", Json.Text(server, "name") ?? "", Json.Text(server, "status") ?? "UNKNOWN", Json.Text(server, "OS-EXT-SRV-ATTR:host"),
            server.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? [.. tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)]
                : []);
}

/// <summary>
/// The Nova (compute) calls <c>mplan inventory</c> makes, over an <see cref="OpenStackSession"/> of service type
/// <c>compute</c>: every server of every project, page by page, at microversion 2.26 (the first with tags).
/// </summary>
public sealed class NovaClient(OpenStackSession session, ReadRetryOptions? reads = null)
{
    /// <summary>The microversion asked for: server tags appear in the server body from 2.26 on.</summary>
    public const string Microversion = "2.26";

    /// <summary>Nova's default <c>[api] max_limit</c>: a larger page is clamped to it.</summary>
    public const int DefaultPageSize = 1000;

    // Both headers: the standard one, and Nova's own for deployments behind proxies that drop unknown ones.
    private readonly ServiceCalls _calls = new(session, new ReadRetry(reads ?? new ReadRetryOptions(), session.Time), "Nova",
        new Dictionary<string, string> { ["OpenStack-API-Version"] = "compute " + Microversion, ["X-OpenStack-Nova-API-Version"] = Microversion });

    public OpenStackSession Session => session;

    /// <summary>Every server of every project (<c>all_tenants=1</c>, an admin's view), following Nova's pages by marker.</summary>
    public Task<IReadOnlyList<NovaServer>> ListServersAsync(int pageSize = DefaultPageSize, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        _calls.ListAllAsync("/servers/detail", "servers", "all_tenants=1", pageSize, NovaServer.From, progress, cancellationToken);
}
