using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Simulator.Fakes;
using Simulator.Fakes.Keystone;
using ProductKeystone = Simulator.Fakes.Keystone.FakeKeystone;

namespace Executor.Tests.OpenStack;

/// <summary>
/// The product's fake Keystone (Simulator.Fakes.Keystone, CONTRACTS §1.1) on loopback, in front of an upstream
/// load-balancer service: everything under <c>/load-balancer/</c> is checked for a valid X-Auth-Token (401 from the
/// proxy otherwise) and forwarded. The catalog has decoys (another interface, another region) around the right
/// endpoint. Token lifetime is settable; <see cref="ExpireAll"/> revokes every token (a forced 401).
/// </summary>
internal sealed class FakeKeystone : IDisposable
{
    public const string User = "admin";
    public const string Project = "admin";
    public const string Password = "s3cret-Pa55word-never-shown";
    public const string CredentialId = "appcred-1";
    public const string CredentialSecret = "appcred-secret-never-shown";

    private readonly HttpClient _upstream = new();
    private readonly Lock _gate = new();
    private readonly string? _upstreamUrl;
    private readonly ProductKeystone _keystone;
    private readonly FakeHost _host;

    /// <param name="upstreamUrl">Where the catalog's public load-balancer endpoint forwards to (the real Octavia); null answers every authenticated request with an empty LB list.</param>
    public FakeKeystone(string? upstreamUrl)
    {
        _upstreamUrl = upstreamUrl?.TrimEnd('/');
        _keystone = new ProductKeystone([new KeystoneUser(User, Password, Project, ["admin"], (CredentialId, CredentialSecret))], Catalog, TimeProvider.System)
        {
            OnRequest = body =>
            {
                lock (_gate)
                {
                    AuthBodies.Add(body);
                }
            },
        };

        // A test fixture's constructor: the host starts synchronously, once.
        _host = FakeHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), null, HandleAsync).GetAwaiter().GetResult();
        Url = _host.Url.ToString().TrimEnd('/');
    }

    public string Url { get; }

    /// <summary>How long new tokens live.</summary>
    public TimeSpan TokenLifetime
    {
        get => _keystone.TokenLifetime;
        set => _keystone.TokenLifetime = value;
    }

    /// <summary>Token requests answered with 201.</summary>
    public int Issued => _keystone.Issued;

    /// <summary>Requests the proxy refused with 401.</summary>
    public int Rejected { get; private set; }

    /// <summary>Every request body Keystone received (for asserting what was sent).</summary>
    public List<string> AuthBodies { get; } = [];

    /// <summary>Every X-Auth-Token value the proxy saw.</summary>
    public List<string> SeenTokens { get; } = [];

    public void ExpireAll() => _keystone.ExpireAll();

    public void Dispose()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upstream.Dispose();
    }

    private IReadOnlyList<CatalogService> Catalog() =>
    [
        new("network", "neutron", [new CatalogEndpoint("public", "RegionOne", "http://127.0.0.1:1/network")]),
        new("load-balancer", "octavia",
        [
            new CatalogEndpoint("internal", "RegionOne", "http://127.0.0.1:1/internal-only"),
            new CatalogEndpoint("public", "RegionTwo", "http://127.0.0.1:1/wrong-region"),
            new CatalogEndpoint("public", "RegionOne", Url + "/load-balancer/"),
        ]),
    ];

    private async Task HandleAsync(HttpContext context)
    {
        if (await _keystone.TryHandleAsync(context))
        {
            return;
        }

        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/load-balancer/", StringComparison.Ordinal))
        {
            await WriteAsync(context, 404, """{"error": {"code": 404, "message": "not found", "title": "Not Found"}}""");
            return;
        }

        var token = context.Request.Headers["X-Auth-Token"].FirstOrDefault();
        var valid = _keystone.Validate(token) is not null;
        lock (_gate)
        {
            if (token is not null)
            {
                SeenTokens.Add(token);
            }

            Rejected += valid ? 0 : 1;
        }

        if (!valid)
        {
            await WriteAsync(context, 401, """{"faultcode": "Client", "faultstring": "Authentication required", "debuginfo": null}""");
            return;
        }

        if (_upstreamUrl is null)
        {
            // Without a real Octavia behind it, an empty listing is enough for the authentication tests.
            await WriteAsync(context, 200, """{"loadbalancers": [], "loadbalancers_links": []}""");
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), _upstreamUrl + path["/load-balancer".Length..] + context.Request.QueryString);
        request.Headers.TryAddWithoutValidation("X-Project-Id", "p-admin");
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            request.Content = new StringContent(await reader.ReadToEndAsync(), Encoding.UTF8, "application/json");
        }

        using var response = await _upstream.SendAsync(request);
        await WriteAsync(context, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}
