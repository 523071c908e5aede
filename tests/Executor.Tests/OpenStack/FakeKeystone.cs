using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Executor.Tests.OpenStack;

/// <summary>
/// A Keystone v3 on loopback (CONTRACTS.md §1.1) that also proxies everything else to an upstream load-balancer
/// service after checking X-Auth-Token: 201 + X-Subject-Token and a token body with expires_at and a catalog,
/// 401 with Keystone's error body for bad credentials, 401 from the proxy for unknown or expired tokens. Token
/// lifetime and the valid password are settable; <see cref="ExpireAll"/> revokes every token (a forced 401).
/// </summary>
internal sealed class FakeKeystone : IDisposable
{
    public const string User = "admin";
    public const string Project = "admin";
    public const string Password = "s3cret-Pa55word-never-shown";
    public const string CredentialId = "appcred-1";
    public const string CredentialSecret = "appcred-secret-never-shown";

    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly string? _upstreamUrl;
    private readonly Task _loop;

    /// <param name="upstreamUrl">Where the catalog's public load-balancer endpoint forwards to (the real Octavia); null answers every authenticated request with an empty LB list.</param>
    public FakeKeystone(string? upstreamUrl)
    {
        _upstreamUrl = upstreamUrl?.TrimEnd('/');
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>How long new tokens live.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Token requests answered with 201.</summary>
    public int Issued { get; private set; }

    /// <summary>Requests the proxy refused with 401.</summary>
    public int Rejected { get; private set; }

    /// <summary>Every request body Keystone received (for asserting what was sent).</summary>
    public List<string> AuthBodies { get; } = [];

    /// <summary>Every X-Auth-Token value the proxy saw.</summary>
    public List<string> SeenTokens { get; } = [];

    public void ExpireAll()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _upstream.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's loop ends with an exception when it is stopped.
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.Url!.AbsolutePath;
            if (path == "/v3/auth/tokens" && context.Request.HttpMethod == "POST")
            {
                await IssueAsync(context);
            }
            else if (path.StartsWith("/load-balancer/", StringComparison.Ordinal))
            {
                await ProxyAsync(context, context.Request.Url.PathAndQuery["/load-balancer".Length..]);
            }
            else
            {
                await WriteAsync(context.Response, 404, """{"error": {"code": 404, "message": "not found", "title": "Not Found"}}""");
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    private async Task IssueAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        lock (_gate)
        {
            AuthBodies.Add(text);
        }

        var auth = JsonNode.Parse(text)!["auth"]!;
        var identity = auth["identity"]!;
        var methods = identity["methods"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        var ok = methods.Contains("password")
            ? identity["password"]?["user"]?["name"]?.GetValue<string>() == User &&
              identity["password"]?["user"]?["password"]?.GetValue<string>() == Password &&
              auth["scope"]?["project"]?["name"]?.GetValue<string>() == Project
            : identity["application_credential"]?["id"]?.GetValue<string>() == CredentialId &&
              identity["application_credential"]?["secret"]?.GetValue<string>() == CredentialSecret;
        if (!ok)
        {
            await WriteAsync(context.Response, 401,
                """{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}""");
            return;
        }

        var token = Guid.NewGuid().ToString("N");
        var expires = DateTimeOffset.UtcNow + TokenLifetime;
        lock (_gate)
        {
            _tokens[token] = expires;
            Issued++;
        }

        var body = new JsonObject
        {
            ["token"] = new JsonObject
            {
                ["methods"] = new JsonArray(methods.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
                ["expires_at"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["project"] = new JsonObject { ["id"] = "p-admin", ["name"] = Project, ["domain"] = new JsonObject { ["id"] = "default", ["name"] = "Default" } },
                ["roles"] = new JsonArray(new JsonObject { ["id"] = "r1", ["name"] = "admin" }),
                ["catalog"] = new JsonArray(
                    Service("network", "neutron", ("public", "RegionOne", "http://127.0.0.1:1/network")),
                    Service("load-balancer", "octavia",
                        ("internal", "RegionOne", "http://127.0.0.1:1/internal-only"),
                        ("public", "RegionTwo", "http://127.0.0.1:1/wrong-region"),
                        ("public", "RegionOne", Url + "/load-balancer/"))),
            },
        };
        context.Response.Headers["X-Subject-Token"] = token;
        await WriteAsync(context.Response, 201, body.ToJsonString());
    }

    private static JsonObject Service(string type, string name, params (string Interface, string Region, string Url)[] endpoints) => new()
    {
        ["type"] = type,
        ["name"] = name,
        ["id"] = Guid.NewGuid().ToString("N"),
        ["endpoints"] = new JsonArray(endpoints.Select(e => (JsonNode)new JsonObject
        {
            ["interface"] = e.Interface, ["region_id"] = e.Region, ["region"] = e.Region, ["url"] = e.Url, ["id"] = Guid.NewGuid().ToString("N"),
        }).ToArray()),
    };

    private async Task ProxyAsync(HttpListenerContext context, string pathAndQuery)
    {
        var token = context.Request.Headers["X-Auth-Token"];
        bool valid;
        lock (_gate)
        {
            if (token is not null)
            {
                SeenTokens.Add(token);
            }

            valid = token is not null && _tokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;
            if (!valid)
            {
                Rejected++;
            }
        }

        if (!valid)
        {
            await WriteAsync(context.Response, 401, """{"faultcode": "Client", "faultstring": "Authentication required", "debuginfo": null}""");
            return;
        }

        if (_upstreamUrl is null)
        {
            // Without a real Octavia behind it, an empty listing is enough for the authentication tests.
            await WriteAsync(context.Response, 200, """{"loadbalancers": [], "loadbalancers_links": []}""");
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), _upstreamUrl + pathAndQuery);
        request.Headers.TryAddWithoutValidation("X-Project-Id", "p-admin");
        if (context.Request.HasEntityBody)
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            request.Content = new StringContent(await reader.ReadToEndAsync(), Encoding.UTF8, "application/json");
        }

        using var response = await _upstream.SendAsync(request);
        await WriteAsync(context.Response, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
