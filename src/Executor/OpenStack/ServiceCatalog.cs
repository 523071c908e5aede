using System.Text.Json;

namespace Executor.OpenStack;

/// <summary>Picks a service endpoint from a Keystone v3 token's catalog (by service type, interface and region).</summary>
public static class ServiceCatalog
{
    /// <summary>
    /// The URL (without a trailing slash) of <paramref name="serviceType"/> at <paramref name="interfaceName"/> in
    /// <paramref name="region"/> (any region when null). Matches on type, never on the service's name.
    /// </summary>
    /// <exception cref="OpenStackException">No such endpoint; the message lists what the catalog offers.</exception>
    public static string FindEndpoint(JsonElement catalog, string serviceType, string interfaceName, string? region)
    {
        var offered = new List<string>();
        if (catalog.ValueKind == JsonValueKind.Array)
        {
            foreach (var service in catalog.EnumerateArray())
            {
                if (Text(service, "type") != serviceType || !service.TryGetProperty("endpoints", out var endpoints) ||
                    endpoints.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var endpoint in endpoints.EnumerateArray())
                {
                    var endpointInterface = Text(endpoint, "interface") ?? "";
                    var endpointRegion = Text(endpoint, "region_id") ?? Text(endpoint, "region");
                    offered.Add($"{endpointInterface}@{endpointRegion ?? "(no region)"}");
                    if (endpointInterface == interfaceName && (region is null || endpointRegion == region) && Text(endpoint, "url") is { } url)
                    {
                        return url.TrimEnd('/');
                    }
                }
            }
        }

        var wanted = $"a '{serviceType}' endpoint with interface {interfaceName}{(region is null ? "" : $" in region {region}")}";
        throw new OpenStackException(offered.Count == 0
            ? $"the token's catalog has no '{serviceType}' service; check that {(serviceType == "load-balancer" ? "Octavia" : "it")} is registered in Keystone, or set an endpoint override"
            : $"the token's catalog has no {wanted}; it offers {string.Join(", ", offered)} (set interface/region_name accordingly)");
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
