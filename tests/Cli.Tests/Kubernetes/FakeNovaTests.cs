using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Simulator.Fakes.Keystone;
using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests.Kubernetes;

/// <summary>The fake Nova behind the fake Keystone, as a client sees it on the wire: paging, microversions, policy, fault bodies.</summary>
public sealed class FakeNovaTests : IAsyncLifetime
{
    private FakeOpenStack _fake = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeOpenStack.StartAsync(KubeLab.Load(Path.Combine(Repository.Root, "plans", "clusters", "mosk-prod.yaml")), new IPEndPoint(IPAddress.Loopback, 0));
        _http = new HttpClient { BaseAddress = _fake.Url };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_pages_every_projects_servers_by_marker_with_host_and_tags_at_2_26()
    {
        var token = await TokenAsync(FakeOpenStack.Admin);

        var (status, headers, first) = await GetAsync(token, "compute/v2.1/servers/detail?all_tenants=1&limit=2", "compute 2.26");
        var marker = first["servers"]![1]!["id"]!.GetValue<string>();
        var (_, _, second) = await GetAsync(token, $"compute/v2.1/servers/detail?all_tenants=1&limit=2&marker={marker}", "compute 2.26");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("compute 2.26", headers.GetValues("OpenStack-API-Version").Single());
        Assert.Equal("2.26", headers.GetValues("X-OpenStack-Nova-API-Version").Single());
        var server = first["servers"]![0]!;
        Assert.Equal("cmp-01", server["OS-EXT-SRV-ATTR:host"]!.GetValue<string>());
        Assert.NotNull(server["tags"]);
        Assert.Equal("next", first["servers_links"]![0]!["rel"]!.GetValue<string>());
        Assert.EndsWith($"/compute/v2.1/servers/detail?all_tenants=1&limit=2&marker={marker}", first["servers_links"]![0]!["href"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(marker, second["servers"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_microversion_it_is_2_1_without_tags_and_a_last_short_page_has_no_next_link()
    {
        var token = await TokenAsync(FakeOpenStack.Admin);

        var (_, headers, body) = await GetAsync(token, "compute/v2.1/servers/detail?all_tenants=1", null);

        Assert.Equal("compute 2.1", headers.GetValues("OpenStack-API-Version").Single());
        Assert.Equal(52, body["servers"]!.AsArray().Count);
        Assert.All(body["servers"]!.AsArray(), s => Assert.Null(s!["tags"]));
        Assert.Null(body["servers_links"]);
    }

    [Theory]
    [InlineData("compute 2.200", 406, "computeFault", "Version 2.200 is not supported by the API. Minimum is 2.1 and maximum is 2.96.")]
    [InlineData("compute two", 400, "badRequest", "API Version String two is of invalid format. Must be of format MajorNum.MinorNum.")]
    public async Task A_microversion_out_of_range_or_malformed_is_refused_with_novas_fault(string header, int code, string fault, string message)
    {
        var token = await TokenAsync(FakeOpenStack.Admin);

        var (status, _, body) = await GetAsync(token, "compute/v2.1/servers/detail", header);

        Assert.Equal(code, (int)status);
        Assert.Equal(message, body[fault]!["message"]!.GetValue<string>());
        Assert.Equal(code, body[fault]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Policy_and_paging_errors_are_novas_and_a_missing_token_is_keystones_401()
    {
        var admin = await TokenAsync(FakeOpenStack.Admin);
        var member = await TokenAsync(FakeOpenStack.Member);

        var (forbidden, _, forbiddenBody) = await GetAsync(member, "compute/v2.1/servers/detail?all_tenants=1", "compute 2.26");
        var (_, _, own) = await GetAsync(admin, "compute/v2.1/servers/detail", "compute 2.26");
        var (badMarker, _, badMarkerBody) = await GetAsync(admin, "compute/v2.1/servers/detail?all_tenants=1&marker=nope", null);
        var (missing, _, missingBody) = await GetAsync(admin, "compute/v2.1/flavors/detail", null);
        var (unauthorized, _, unauthorizedBody) = await GetAsync(null, "compute/v2.1/servers/detail", null);

        Assert.Equal((HttpStatusCode.Forbidden, "Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed."),
            (forbidden, forbiddenBody["forbidden"]!["message"]!.GetValue<string>()));
        Assert.Empty(own["servers"]!.AsArray()); // Without all_tenants: the admin project's servers only, and the cluster's belong to another.
        Assert.Equal((HttpStatusCode.BadRequest, "marker [nope] not found"), (badMarker, badMarkerBody["badRequest"]!["message"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.NotFound, 404), (missing, missingBody["itemNotFound"]!["code"]!.GetValue<int>()));
        Assert.Equal((HttpStatusCode.Unauthorized, "Unauthorized"), (unauthorized, unauthorizedBody["error"]!["title"]!.GetValue<string>()));
    }

    private async Task<string> TokenAsync(string user)
    {
        var password = _fake.CloudsYaml("x", user).Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..];
        var project = user == FakeOpenStack.Admin ? "admin" : "demo";
        var auth = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = password } },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = project, ["domain"] = new JsonObject { ["name"] = "Default" } } },
            },
        };
        using var response = await _http.PostAsJsonAsync("v3/auth/tokens", auth);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    private async Task<(HttpStatusCode Status, System.Net.Http.Headers.HttpResponseHeaders Headers, JsonNode Body)> GetAsync(string? token, string path, string? microversion)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Add("X-Auth-Token", token);
        }

        if (microversion is not null)
        {
            request.Headers.Add("OpenStack-API-Version", microversion);
        }

        var response = await _http.SendAsync(request);
        return (response.StatusCode, response.Headers, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
