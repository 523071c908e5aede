using System.Text.Json;
using Executor.OpenStack;

namespace Executor.Tests.OpenStack;

public sealed class ServiceCatalogTests
{
    private static readonly JsonElement Catalog = JsonDocument.Parse("""
        [
          {"type": "network", "name": "neutron", "endpoints": [{"interface": "public", "region_id": "RegionOne", "url": "http://net/"}]},
          {"type": "load-balancer", "name": "octavia-custom", "endpoints": [
            {"interface": "internal", "region_id": "RegionOne", "url": "http://octavia-api:9876/"},
            {"interface": "public", "region": "RegionOne", "url": "http://10.0.3.15/load-balancer/"},
            {"interface": "public", "region_id": "RegionTwo", "url": "http://two/load-balancer"}
          ]}
        ]
        """).RootElement;

    [Theory]
    [InlineData("public", null, "http://10.0.3.15/load-balancer")]
    [InlineData("public", "RegionTwo", "http://two/load-balancer")]
    [InlineData("internal", "RegionOne", "http://octavia-api:9876")]
    public void FindEndpoint_ByTypeInterfaceRegion_KeepsPathPrefix(string interfaceName, string? region, string expected)
    {
        // Given a catalog whose load-balancer service has an unusual name and a path prefix
        // When the endpoint is looked up by type
        var url = ServiceCatalog.FindEndpoint(Catalog, "load-balancer", interfaceName, region);

        // Then the matching URL comes back without its trailing slash
        Assert.Equal(expected, url);
    }

    [Fact]
    public void FindEndpoint_NoMatch_ListsWhatIsOffered()
    {
        // Given / When an admin endpoint is asked for but the catalog has none
        var error = Assert.Throws<OpenStackException>(() => ServiceCatalog.FindEndpoint(Catalog, "load-balancer", "admin", null));

        // Then the message lists the interfaces and regions on offer
        Assert.Contains("internal@RegionOne", error.Message, StringComparison.Ordinal);
        Assert.Contains("public@RegionTwo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindEndpoint_ServiceMissing_SaysSo()
    {
        // Given / When a service type the catalog lacks
        var error = Assert.Throws<OpenStackException>(() => ServiceCatalog.FindEndpoint(Catalog, "key-manager", "public", null));

        // Then
        Assert.Contains("no 'key-manager' service", error.Message, StringComparison.Ordinal);
    }
}
