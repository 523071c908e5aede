using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Executor.OpenStack;

/// <summary>
/// The Octavia v2 calls mplan needs, over an <see cref="OpenStackSession"/>. Errors become
/// <see cref="OpenStackException"/>s with the status code and Octavia's <c>faultstring</c>, never the token.
/// Reads are retried on transient failures as <see cref="ReadRetryOptions"/> says, on the session's clock; changes
/// are sent once.
/// </summary>
public sealed class OctaviaClient(OpenStackSession session, ReadRetryOptions? reads = null)
{
    /// <summary>Octavia's default and largest page (<c>[api_settings] pagination_max_limit</c>).</summary>
    public const int DefaultPageSize = 1000;

    private readonly ServiceCalls _calls = new(session, new ReadRetry(reads ?? new ReadRetryOptions(), session.Time), "Octavia");

    public OpenStackSession Session => session;

    /// <summary>How many reads were asked again after a transient failure, over this client's life.</summary>
    public int ReadRetries => _calls.ReadRetries;

    /// <summary>Every load balancer the caller may see, page by page; <paramref name="filters"/> is a query such as <c>provider=amphora</c>.</summary>
    public Task<IReadOnlyList<OctaviaLoadBalancer>> ListLoadBalancersAsync(string? filters = null, int pageSize = DefaultPageSize,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        _calls.ListAllAsync("/v2/lbaas/loadbalancers", "loadbalancers", filters, pageSize, OctaviaLoadBalancer.From, progress, cancellationToken);

    /// <summary>Every amphora, or those of one load balancer (admin only).</summary>
    public Task<IReadOnlyList<OctaviaAmphora>> ListAmphoraeAsync(string? loadBalancerId = null, int pageSize = DefaultPageSize,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        _calls.ListAllAsync("/v2/octavia/amphorae", "amphorae", loadBalancerId is null ? null : "loadbalancer_id=" + Escape(loadBalancerId),
            pageSize, OctaviaAmphora.From, progress, cancellationToken);

    /// <summary>The load balancer, or null when Octavia answers 404 (never existed or deleted).</summary>
    public async Task<OctaviaLoadBalancer?> GetLoadBalancerAsync(string id, CancellationToken cancellationToken = default)
    {
        var body = await _calls.SendAsync(HttpMethod.Get, "/v2/lbaas/loadbalancers/" + Escape(id), null, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        return body is { } e ? OctaviaLoadBalancer.From(e.GetProperty("loadbalancer")) : null;
    }

    /// <summary><c>PUT …/loadbalancers/{id}/failover</c>. 202, 409 and 404 are answers; anything else throws.</summary>
    public async Task<(FailoverAnswer Answer, string? Fault)> FailoverAsync(string id, CancellationToken cancellationToken = default)
    {
        var path = $"/v2/lbaas/loadbalancers/{Escape(id)}/failover";
        using var response = await session.SendAsync(HttpMethod.Put, path, null, cancellationToken).ConfigureAwait(false);
        var text = await ServiceCalls.BodyAsync(HttpMethod.Put, path, response, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NoContent => (FailoverAnswer.Accepted, null),
            HttpStatusCode.Conflict => (FailoverAnswer.Busy, Faults.Message(text)),
            HttpStatusCode.NotFound => (FailoverAnswer.NotFound, Faults.Message(text)),
            _ => throw _calls.Error(HttpMethod.Put, $"/v2/lbaas/loadbalancers/{id}/failover", response.StatusCode, text),
        };
    }

    /// <summary>Creates a load balancer on <paramref name="vipSubnetId"/>; Octavia answers PENDING_CREATE.</summary>
    public async Task<OctaviaLoadBalancer> CreateLoadBalancerAsync(string name, string vipSubnetId, string? projectId = null,
        CancellationToken cancellationToken = default)
    {
        var lb = new JsonObject { ["name"] = name, ["vip_subnet_id"] = vipSubnetId };
        if (projectId is not null)
        {
            lb["project_id"] = projectId;
        }

        var body = await _calls.SendAsync(HttpMethod.Post, "/v2/lbaas/loadbalancers", new JsonObject { ["loadbalancer"] = lb }, cancellationToken).ConfigureAwait(false);
        return OctaviaLoadBalancer.From(body!.Value.GetProperty("loadbalancer"));
    }

    /// <summary>Deletes a load balancer (with <paramref name="cascade"/>, its listeners, pools and members too); false when it was already gone.</summary>
    public async Task<bool> DeleteLoadBalancerAsync(string id, bool cascade = true, CancellationToken cancellationToken = default)
    {
        var path = "/v2/lbaas/loadbalancers/" + Escape(id) + (cascade ? "?cascade=true" : "");
        using var response = await session.SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw _calls.Error(HttpMethod.Delete, path, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }

        return true;
    }

    /// <summary>
    /// Creates a child object in <paramref name="collection"/> (the path under <c>/v2/lbaas/</c>, e.g. <c>listeners</c>
    /// or <c>pools/{id}/members</c>), wrapped in <paramref name="kind"/> (<c>listener</c>, <c>pool</c>, <c>healthmonitor</c>,
    /// <c>member</c>), and returns its id.
    /// </summary>
    public async Task<string> CreateAsync(string collection, string kind, JsonObject fields, CancellationToken cancellationToken = default)
    {
        var body = await _calls.SendAsync(HttpMethod.Post, "/v2/lbaas/" + collection, new JsonObject { [kind] = fields }, cancellationToken).ConfigureAwait(false);
        return Json.Text(body!.Value.GetProperty(kind), "id") ?? throw new OpenStackException($"Octavia created a {kind} but returned no id");
    }

    /// <summary>The id of the first object in <c>/v2/lbaas/{collection}</c> matching <paramref name="filters"/>, or null.</summary>
    public async Task<string?> FindAsync(string collection, string resultKey, string filters, CancellationToken cancellationToken = default)
    {
        var body = await _calls.SendAsync(HttpMethod.Get, $"/v2/lbaas/{collection}?{filters}", null, cancellationToken).ConfigureAwait(false);
        var items = body!.Value.GetProperty(resultKey);
        return items.GetArrayLength() > 0 ? Json.Text(items[0], "id") : null;
    }

    /// <summary>The provisioning and operating status of a child object, or null on 404.</summary>
    public async Task<(string Provisioning, string Operating)?> StatusAsync(string path, string kind, CancellationToken cancellationToken = default)
    {
        var body = await _calls.SendAsync(HttpMethod.Get, "/v2/lbaas/" + path, null, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (body is not { } e)
        {
            return null;
        }

        var item = e.GetProperty(kind);
        return (Json.Text(item, "provisioning_status") ?? "", Json.Text(item, "operating_status") ?? "");
    }

    internal static string Escape(string value) => Uri.EscapeDataString(value);
}
