using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Executor.OpenStack;

/// <summary>
/// An authenticated connection to one cloud's load-balancer (or other catalog) service. Gets a Keystone v3 token (password or
/// application credential), reuses it until shortly before <c>expires_at</c>, and re-authenticates once when the
/// service answers 401. With <see cref="AuthKind.None"/> it talks to the configured endpoint without a token.
/// Thread-safe: all drivers of a run share one session. Tokens never leave this class except as the header value.
/// </summary>
public sealed class OpenStackSession : IDisposable
{
    /// <summary>A token is renewed this long before Keystone says it expires (clock skew, long polls).</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(2);

    private readonly CloudConfig _config;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private Secret? _token;
    private DateTimeOffset _expiresAt;
    private string? _endpoint;
    private readonly string _serviceType;

    /// <param name="config">The cloud.</param>
    /// <param name="handler">For tests; by default a handler that verifies TLS as <paramref name="config"/> says.</param>
    /// <param name="time">The clock of token expiry and of the reads' retries and the drivers' waits (tests use a fake one).</param>
    /// <param name="log">Receives one line per request (method, path, status, time); never a secret.</param>
    /// <param name="serviceType">The catalog's service type this session talks to (<c>dcmanager</c> for StarlingX).</param>
    public OpenStackSession(CloudConfig config, HttpMessageHandler? handler = null, TimeProvider? time = null, Action<string>? log = null,
        string serviceType = "load-balancer")
    {
        _serviceType = serviceType;
        _config = config;
        _http = new HttpClient(handler ?? CreateHandler(config), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(60) };
        _time = time ?? TimeProvider.System;
        _log = log;
        if (config.AuthKind == AuthKind.None)
        {
            _endpoint = config.Endpoint!.TrimEnd('/');
        }
    }

    public CloudConfig Config => _config;

    /// <summary>The clock of this session's token expiry, and of the waits and retries of the clients and drivers that use it.</summary>
    public TimeProvider Time => _time;

    /// <summary>How many times this session obtained a token (for tests and diagnostics).</summary>
    public int Authentications { get; private set; }

    /// <summary>The load-balancer endpoint in use (after the first request or <see cref="ConnectAsync"/>).</summary>
    public string? Endpoint => _endpoint;

    /// <summary>Authenticates now (if needed) and returns the load-balancer endpoint.</summary>
    public async Task<string> ConnectAsync(CancellationToken cancellationToken)
    {
        await EnsureTokenAsync(null, cancellationToken).ConfigureAwait(false);
        return _endpoint!;
    }

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="path"/> (relative to the service's endpoint, e.g.
    /// <c>/v2/lbaas/loadbalancers</c>) with an optional JSON body. On a 401 it re-authenticates and sends once more.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path and query under the endpoint.</param>
    /// <param name="body">The JSON body, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="headers">Extra request headers, e.g. a compute microversion.</param>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var token = await EnsureTokenAsync(null, cancellationToken).ConfigureAwait(false);
        var response = await SendOnceAsync(method, path, body, token, headers, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || _config.AuthKind == AuthKind.None)
        {
            return response;
        }

        response.Dispose();
        token = await EnsureTokenAsync(token, cancellationToken).ConfigureAwait(false);
        return await SendOnceAsync(method, path, body, token, headers, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _http.Dispose();
        _authLock.Dispose();
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, JsonNode? body, Secret? token,
        IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, _endpoint + path);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Auth-Token", token.Reveal());
        }
        else if (_config.AuthKind == AuthKind.None)
        {
            // Octavia under noauth takes the project of new objects from this header.
            request.Headers.TryAddWithoutValidation("X-Project-Id", _config.ProjectId ?? _config.ProjectName ?? "mplan");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var started = _time.GetTimestamp();
        try
        {
            var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _log?.Invoke($"{method} {Redact(path)} -> {(int)response.StatusCode} ({_time.GetElapsedTime(started).TotalMilliseconds:0} ms)");
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new OpenStackException($"{method} {_endpoint}{Redact(path)} failed: {e.Message}", inner: null) { NoAnswer = true };
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OpenStackException($"{method} {_endpoint}{Redact(path)} got no answer within {_http.Timeout.TotalSeconds:0} s", inner: e) { NoAnswer = true };
        }
    }

    // Paths carry ids and filters only; this keeps a query string out of the log should one ever hold more.
    private static string Redact(string path) => path.Split('?')[0];

    /// <summary>A valid token: the cached one, or a new one when it is near expiry or equals <paramref name="rejected"/>.</summary>
    private async Task<Secret?> EnsureTokenAsync(Secret? rejected, CancellationToken cancellationToken)
    {
        if (_config.AuthKind == AuthKind.None)
        {
            return null;
        }

        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fresh = _token is not null && !_token.Equals(rejected) && _time.GetUtcNow() < _expiresAt - RenewBefore;
            if (!fresh)
            {
                await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
            }

            return _token;
        }
        finally
        {
            _authLock.Release();
        }
    }

    private async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        var url = KeystoneBase(_config.AuthUrl!) + "/auth/tokens";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(KeystoneRequest.Build(_config).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new OpenStackException($"cannot reach Keystone at {url}: {e.Message}") { NoAnswer = true };
        }

        using (response)
        {
            _log?.Invoke($"POST {new Uri(url).AbsolutePath} -> {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
            {
                var fault = Faults.Message(text);
                throw new OpenStackException(
                    $"Keystone at {url} refused to authenticate cloud '{_config.Name}' ({(int)response.StatusCode}{(fault is null ? "" : ": " + fault)}); check the credentials and scope in {_config.Origin}",
                    response.StatusCode, fault);
            }

            if (!response.Headers.TryGetValues("X-Subject-Token", out var values) || Secret.From(values.FirstOrDefault()) is not { } token)
            {
                throw new OpenStackException($"Keystone at {url} answered {(int)response.StatusCode} without an X-Subject-Token header");
            }

            using var document = JsonDocument.Parse(text);
            var body = document.RootElement.GetProperty("token");
            _expiresAt = body.TryGetProperty("expires_at", out var expires) && expires.TryGetDateTimeOffset(out var at)
                ? at
                : _time.GetUtcNow().AddHours(1);
            _endpoint = _config.Endpoint?.TrimEnd('/') ?? ServiceCatalog.FindEndpoint(
                body.TryGetProperty("catalog", out var catalog) ? catalog : default, _serviceType, _config.Interface, _config.RegionName);
            _token = token;
            Authentications++;
        }
    }

    private static string KeystoneBase(string authUrl)
    {
        var trimmed = authUrl.TrimEnd('/');
        return trimmed.EndsWith("/v3", StringComparison.Ordinal) ? trimmed : trimmed + "/v3";
    }

    private static SocketsHttpHandler CreateHandler(CloudConfig config)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 32 };
        if (!config.Verify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (config.CaCertFile is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new OpenStackException($"cannot read the CA bundle {caFile} (cacert / OS_CACERT): {e.Message}");
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && TrustedBy(roots, new X509Certificate2(certificate), errors);
        }

        return handler;
    }

    // Name mismatches still fail; only the chain is checked against the bundle instead of the system's roots.
    private static bool TrustedBy(X509Certificate2Collection roots, X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
