using System.Globalization;
using System.Text.Json;

namespace Executor.OpenStack;

/// <summary>A load balancer as Octavia shows it (the fields mplan uses).</summary>
public sealed record OctaviaLoadBalancer(
    string Id,
    string Name,
    string ProjectId,
    string Provider,
    string ProvisioningStatus,
    string OperatingStatus,
    string? VipAddress)
{
    internal static OctaviaLoadBalancer From(JsonElement e) => new(
        Json.Text(e, "id") ?? "",
        Json.Text(e, "name") ?? "",
        Json.Text(e, "project_id") ?? Json.Text(e, "tenant_id") ?? "",
        Json.Text(e, "provider") ?? "",
        Json.Text(e, "provisioning_status") ?? "",
        Json.Text(e, "operating_status") ?? "",
        Json.Text(e, "vip_address"));
}

/// <summary>An amphora as Octavia shows it; <see cref="CertExpiration"/> is its agent certificate's expiry.</summary>
public sealed record OctaviaAmphora(
    string Id,
    string? LoadBalancerId,
    string? Role,
    string Status,
    string? LbNetworkIp,
    DateTimeOffset? CertExpiration)
{
    // The api-ref samples say load_balancer_id and "2019-09-19 00:34:51"; the server says loadbalancer_id and
    // "2019-09-19T00:34:51" (no zone, meaning UTC). Both are read.
    internal static OctaviaAmphora From(JsonElement e) => new(
        Json.Text(e, "id") ?? "",
        Json.Text(e, "loadbalancer_id") ?? Json.Text(e, "load_balancer_id"),
        Json.Text(e, "role"),
        Json.Text(e, "status") ?? "",
        Json.Text(e, "lb_network_ip"),
        Json.Time(Json.Text(e, "cert_expiration")));
}

/// <summary>How Octavia answered a failover request.</summary>
public enum FailoverAnswer
{
    /// <summary>202: the load balancer is now PENDING_UPDATE.</summary>
    Accepted,

    /// <summary>409: it is in a PENDING_* state (busy); try again later.</summary>
    Busy,

    /// <summary>404: it does not exist (any more).</summary>
    NotFound,
}

internal static class Json
{
    public static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static DateTimeOffset? Time(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParse(text.Replace(' ', 'T'), CultureInfo.InvariantCulture, styles, out var time) ? time : null;
    }
}
