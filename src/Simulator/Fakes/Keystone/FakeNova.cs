using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Planner.Model;

namespace Simulator.Fakes.Keystone;

/// <summary>A server the fake Nova holds: one instance of a cluster file's node.</summary>
public sealed record FakeServer(string Id, string Name, string Status, string Host, IReadOnlyList<string> Tags)
{
    /// <summary>The project that owns the fake's servers (not the admin's: only <c>all_tenants=1</c> shows them to it).</summary>
    public const string Project = "p-workloads";

    /// <summary>The servers of <paramref name="cluster"/>'s nodes: listed instances as they are, counted ones made up (ACTIVE, ids from the node's name).</summary>
    public static IReadOnlyList<FakeServer> Of(ClusterInventory cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var servers = new List<FakeServer>();
        foreach (var node in cluster.Nodes)
        {
            if (!node.Instances.IsDefaultOrEmpty)
            {
                servers.AddRange(node.Instances.Select(i => new FakeServer(i.Id, i.Name, i.Status, node.Name,
                    i.MaintenanceAction is { } action ? [ActionTag + action] : [])));
                continue;
            }

            servers.AddRange(Enumerable.Range(1, node.InstanceCount).Select(n => new FakeServer(MadeUpId($"{node.Name}/{n}"),
                $"{node.Name}-vm-{n.ToString(CultureInfo.InvariantCulture)}", "ACTIVE", node.Name, [])));
        }

        return servers;
    }

    /// <summary>Rockoon's per-server override, from the tag the server carries.</summary>
    public string? MaintenanceAction => Tags.Select(t => t.StartsWith(ActionTag, StringComparison.Ordinal) ? t[ActionTag.Length..] : null).FirstOrDefault(a => a is not null);

    private const string ActionTag = "openstack.lcm.mirantis.com:maintenance_action=";

    // A version-4-shaped UUID derived from the node and the instance's number: the same at every start.
    private static string MadeUpId(string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}

/// <summary>
/// Nova's compute API (<c>/compute/v2.1</c>) as far as <c>mplan inventory</c> reads it, behind a <see cref="FakeKeystone"/>:
/// <c>GET /servers/detail</c> and <c>/servers</c> with <c>limit</c> and <c>marker</c> paging (a <c>next</c> link on every
/// full page, the page clamped to <see cref="MaxLimit"/>, 400 for an unknown marker), <c>all_tenants</c> for admins only
/// (403 otherwise, and without it only the token's project), the <c>OS-EXT-SRV-ATTR</c> host attributes for admins only,
/// tags from microversion 2.26, and microversions negotiated as Nova does (both headers, <c>latest</c>, 406 outside
/// 2.1–2.96, 400 for a malformed one). Errors are Nova's named fault bodies; a missing or bad token is Keystone's 401.
/// </summary>
public sealed class FakeNova(FakeKeystone keystone, IReadOnlyList<FakeServer> servers)
{
    public const string Prefix = "/compute/v2.1";
    private static readonly (int Major, int Minor) Min = (2, 1);
    private static readonly (int Major, int Minor) Max = (2, 96);
    private readonly List<string> _requests = [];

    /// <summary>Nova's <c>[api] max_limit</c>: the largest page it serves.</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>Every compute request, as <c>METHOD /path?query -> status</c>.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Answers a request under <see cref="Prefix"/>; false for any other (the caller routes it elsewhere).</summary>
    /// <param name="context">The request.</param>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            await AnswerAsync(context, path[Prefix.Length..].TrimEnd('/'));
        }
        finally
        {
            lock (_requests)
            {
                _requests.Add($"{context.Request.Method} {path}{context.Request.QueryString} -> {context.Response.StatusCode}");
            }
        }

        return true;
    }

    private async Task AnswerAsync(HttpContext context, string route)
    {
        var token = keystone.Validate(context.Request.Headers["X-Auth-Token"].ToString());
        if (token is null)
        {
            await FakeKeystone.RejectAsync(context);
            return;
        }

        var (version, refusal) = Negotiate(context.Request.Headers);
        if (refusal is { } refused)
        {
            await FaultAsync(context, refused.Code, refused.Name, refused.Message);
            return;
        }

        var shown = $"{version.Major}.{version.Minor}";
        context.Response.Headers["OpenStack-API-Version"] = "compute " + shown;
        context.Response.Headers["X-OpenStack-Nova-API-Version"] = shown;
        context.Response.Headers.Vary = "OpenStack-API-Version, X-OpenStack-Nova-API-Version";
        if (!HttpMethods.IsGet(context.Request.Method) || route is not ("/servers/detail" or "/servers"))
        {
            await FaultAsync(context, 404, "itemNotFound", "The resource could not be found.");
            return;
        }

        var admin = token.Roles.Contains("admin");
        var query = context.Request.Query;
        var allTenants = query.ContainsKey("all_tenants") && query["all_tenants"].ToString() is not ("0" or "false" or "False");
        if (allTenants && !admin)
        {
            await FaultAsync(context, 403, "forbidden",
                $"Policy doesn't allow os_compute_api:servers:{(route == "/servers" ? "index" : "detail")}:get_all_tenants to be performed.");
            return;
        }

        var visible = servers.Where(s => allTenants || token.Project == FakeServer.Project).ToList();
        var limit = MaxLimit;
        if (query.TryGetValue("limit", out var limitText))
        {
            if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var asked))
            {
                await FaultAsync(context, 400, "badRequest", "limit param must be an integer");
                return;
            }

            if (asked < 0)
            {
                await FaultAsync(context, 400, "badRequest", "limit param must be positive");
                return;
            }

            limit = Math.Min(asked, MaxLimit);
        }

        var start = 0;
        if (query.TryGetValue("marker", out var marker))
        {
            var at = visible.FindIndex(s => s.Id == marker.ToString());
            if (at < 0)
            {
                await FaultAsync(context, 400, "badRequest", $"marker [{marker}] not found");
                return;
            }

            start = at + 1;
        }

        var page = visible.Skip(start).Take(limit).ToList();
        var body = new JsonObject
        {
            ["servers"] = new JsonArray([.. page.Select(s => route == "/servers" ? Brief(context, s) : Detail(context, s, admin, version))]),
        };
        if (page.Count > 0 && page.Count == limit)
        {
            var next = $"{Base(context)}{route}?" + (allTenants ? "all_tenants=1&" : "") + $"limit={limit.ToString(CultureInfo.InvariantCulture)}&marker={page[^1].Id}";
            body["servers_links"] = new JsonArray(new JsonObject { ["href"] = next, ["rel"] = "next" });
        }

        await WriteAsync(context, 200, body);
    }

    // Either header names the version; none is 2.1, "latest" the maximum (microversion_parse, as Nova uses it).
    private static ((int Major, int Minor) Version, (int Code, string Name, string Message)? Refusal) Negotiate(IHeaderDictionary headers)
    {
        var standard = headers["OpenStack-API-Version"].ToString();
        var text = standard.StartsWith("compute ", StringComparison.OrdinalIgnoreCase)
            ? standard["compute ".Length..].Trim()
            : headers["X-OpenStack-Nova-API-Version"].ToString().Trim();
        if (text.Length == 0)
        {
            return (Min, null);
        }

        if (text.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return (Max, null);
        }

        var parts = text.Split('.');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return (Min, (400, "badRequest", $"API Version String {text} is of invalid format. Must be of format MajorNum.MinorNum."));
        }

        return (major, minor).CompareTo(Min) < 0 || (major, minor).CompareTo(Max) > 0
            ? (Min, (406, "computeFault", $"Version {text} is not supported by the API. Minimum is {Min.Major}.{Min.Minor} and maximum is {Max.Major}.{Max.Minor}."))
            : ((major, minor), null);
    }

    private static JsonObject Brief(HttpContext context, FakeServer server) => new()
    {
        ["id"] = server.Id,
        ["name"] = server.Name,
        ["links"] = Links(context, server),
    };

    private static JsonObject Detail(HttpContext context, FakeServer server, bool admin, (int Major, int Minor) version)
    {
        var detail = new JsonObject
        {
            ["id"] = server.Id,
            ["name"] = server.Name,
            ["status"] = server.Status,
            ["tenant_id"] = FakeServer.Project,
            ["user_id"] = "u-workloads",
            ["metadata"] = new JsonObject(),
            ["hostId"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FakeServer.Project + server.Host)))[..56],
            ["created"] = "2026-11-02T09:14:27Z",
            ["updated"] = "2026-11-02T09:15:03Z",
            ["addresses"] = new JsonObject(),
            ["links"] = Links(context, server),
            ["OS-EXT-STS:vm_state"] = server.Status.ToLowerInvariant(),
            ["OS-EXT-STS:task_state"] = null,
            ["OS-EXT-STS:power_state"] = server.Status == "ACTIVE" ? 1 : 4,
            ["OS-EXT-AZ:availability_zone"] = "nova",
        };
        if (admin)
        {
            detail["OS-EXT-SRV-ATTR:host"] = server.Host;
            detail["OS-EXT-SRV-ATTR:hypervisor_hostname"] = server.Host;
            detail["OS-EXT-SRV-ATTR:instance_name"] = "instance-" + server.Id[..8];
        }

        if (version.CompareTo((2, 26)) >= 0)
        {
            detail["tags"] = new JsonArray([.. server.Tags.Select(t => (JsonNode)JsonValue.Create(t))]);
        }

        return detail;
    }

    private static JsonArray Links(HttpContext context, FakeServer server) =>
        new(new JsonObject { ["rel"] = "self", ["href"] = $"{Base(context)}/servers/{server.Id}" });

    private static string Base(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{Prefix}";

    private static Task FaultAsync(HttpContext context, int code, string name, string message) =>
        WriteAsync(context, code, new JsonObject { [name] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
