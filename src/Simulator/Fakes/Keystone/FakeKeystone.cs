using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Simulator.Fakes.Keystone;

/// <summary>One service of the fake's catalog: its type, name and endpoints.</summary>
/// <param name="Type">The service type clients match on, e.g. <c>dcmanager</c>.</param>
/// <param name="Name">The service name (informational).</param>
/// <param name="Endpoints">Its endpoints, in the order the catalog lists them.</param>
public sealed record CatalogService(string Type, string Name, IReadOnlyList<CatalogEndpoint> Endpoints);

/// <summary>One endpoint of a catalog service.</summary>
/// <param name="Interface"><c>public</c>, <c>internal</c> or <c>admin</c>.</param>
/// <param name="Region">Its region.</param>
/// <param name="Url">Its URL.</param>
public sealed record CatalogEndpoint(string Interface, string Region, string Url);

/// <summary>A user the fake accepts, with the project a token may be scoped to and the roles it then carries.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Password">The password.</param>
/// <param name="Project">The one project it has roles on.</param>
/// <param name="Roles">Its roles there.</param>
/// <param name="ApplicationCredential">An application credential of the user (id and secret), scoped to <paramref name="Project"/>; null for none.</param>
public sealed record KeystoneUser(string Name, string Password, string Project, IReadOnlyList<string> Roles, (string Id, string Secret)? ApplicationCredential = null);

/// <summary>What a valid token stands for: its user, project (null when system-scoped) and roles.</summary>
public sealed record KeystoneToken(string User, string? Project, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt)
{
    /// <summary>How it was obtained: <c>password</c> or <c>application_credential</c>.</summary>
    public string Method { get; init; } = "password";
}

/// <summary>
/// Keystone v3 password authentication as CONTRACTS §1.1 describes it, to sit in front of a fake service:
/// <c>POST /v3/auth/tokens</c> answers 201 with the token in <c>X-Subject-Token</c> and a body with <c>expires_at</c>
/// (microseconds, Z) and the catalog; bad credentials, an unknown project or a user without a role there get 401 with
/// Keystone's error body. Project scope by name (with a domain) or id, and system scope, are understood; an unscoped
/// request gets a token without a catalog, as Keystone gives one. Tokens are random and kept only in memory.
/// </summary>
public sealed class FakeKeystone(IReadOnlyList<KeystoneUser> users, Func<IReadOnlyList<CatalogService>> catalog, TimeProvider time)
{
    private const string Unauthorized =
        """{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}""";

    private readonly Dictionary<string, KeystoneToken> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How long new tokens live.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tokens issued so far.</summary>
    public int Issued { get; private set; }

    /// <summary>Told of every token request's body (tests assert what a client sent).</summary>
    public Action<string>? OnRequest { get; set; }

    /// <summary>Revokes every token: the next request with one gets 401 (a forced re-authentication).</summary>
    public void ExpireAll()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>The token <paramref name="value"/> stands for, or null when it is unknown or expired.</summary>
    /// <param name="value">The <c>X-Auth-Token</c> header's value.</param>
    public KeystoneToken? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        lock (_gate)
        {
            return _tokens.TryGetValue(value, out var token) && token.ExpiresAt > time.GetUtcNow() ? token : null;
        }
    }

    /// <summary>Answers <c>POST /v3/auth/tokens</c>; false for any other request (the caller routes it elsewhere).</summary>
    /// <param name="context">The request.</param>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value?.TrimEnd('/');
        if (path != "/v3/auth/tokens" || !HttpMethods.IsPost(context.Request.Method))
        {
            return false;
        }

        JsonNode? auth;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync();
            OnRequest?.Invoke(text);
            auth = JsonNode.Parse(text)?["auth"];
        }
        catch (System.Text.Json.JsonException)
        {
            await WriteAsync(context, 400, """{"error": {"code": 400, "message": "Expecting to find auth in request body.", "title": "Bad Request"}}""");
            return true;
        }

        var token = Authenticate(auth);
        if (token is null)
        {
            await WriteAsync(context, 401, Unauthorized);
            return true;
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            _tokens[id] = token;
            Issued++;
        }

        context.Response.Headers["X-Subject-Token"] = id;
        await WriteAsync(context, 201, Body(token, auth?["scope"] is not null || token.Project is not null).ToJsonString());
        return true;
    }

    /// <summary>A clouds.yaml with one cloud: password auth as <paramref name="user"/> against a fake's Keystone at <paramref name="url"/><c>v3</c>.</summary>
    /// <param name="writer">What wrote it, for the comment.</param>
    /// <param name="cloudName">The entry's name.</param>
    /// <param name="url">The fake's base URL.</param>
    /// <param name="user">The user.</param>
    /// <param name="password">Its password (random per start).</param>
    /// <param name="project">The project to scope to.</param>
    /// <param name="region">The region.</param>
    public static string CloudsYaml(string writer, string cloudName, Uri url, string user, string password, string project, string region) => $"""
        # Written by {writer} (its password changes at every start).
        clouds:
          {cloudName}:
            auth_type: password
            auth:
              auth_url: {url}v3
              username: {user}
              password: {password}
              project_name: {project}
              user_domain_name: Default
              project_domain_name: Default
            region_name: {region}
            interface: public
            identity_api_version: 3

        """;

    /// <summary>Keystone's 401 for a request without a valid token, for the services behind it.</summary>
    /// <param name="context">The request to answer.</param>
    public static Task RejectAsync(HttpContext context) => WriteAsync(context ?? throw new ArgumentNullException(nameof(context)), 401, Unauthorized);

    private KeystoneToken? Authenticate(JsonNode? auth)
    {
        var expires = time.GetUtcNow() + TokenLifetime;
        if (auth?["identity"]?["application_credential"] is { } credential)
        {
            // An application credential carries its own project scope.
            var owner = users.FirstOrDefault(u => u.ApplicationCredential is { } c && c.Id == Text(credential["id"]) && c.Secret == Text(credential["secret"]));
            return owner is null ? null : new KeystoneToken(owner.Name, owner.Project, owner.Roles, expires) { Method = "application_credential" };
        }

        var user = auth?["identity"]?["password"]?["user"];
        var match = users.FirstOrDefault(u => u.Name == Text(user?["name"]) && u.Password == Text(user?["password"]));
        if (match is null)
        {
            return null;
        }

        var scope = auth?["scope"];
        if (scope?["system"] is not null)
        {
            return new KeystoneToken(match.Name, null, match.Roles, expires);
        }

        var project = scope?["project"];
        var named = Text(project?["name"]) ?? Text(project?["id"]);
        if (project is not null && named != match.Project && named != ProjectId(match.Project))
        {
            return null; // Keystone: no role on that project.
        }

        return new KeystoneToken(match.Name, project is null ? null : match.Project, match.Roles, expires);
    }

    private JsonObject Body(KeystoneToken token, bool scoped)
    {
        var body = new JsonObject
        {
            ["methods"] = new JsonArray(token.Method),
            ["expires_at"] = token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["issued_at"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["user"] = new JsonObject { ["id"] = "u-" + token.User, ["name"] = token.User, ["domain"] = Domain(), ["password_expires_at"] = null },
            ["roles"] = new JsonArray([.. token.Roles.Select(r => (JsonNode)new JsonObject { ["id"] = "r-" + r, ["name"] = r })]),
            ["audit_ids"] = new JsonArray(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))),
        };
        if (token.Project is { } project)
        {
            body["project"] = new JsonObject { ["id"] = ProjectId(project), ["name"] = project, ["domain"] = Domain() };
        }
        else if (scoped)
        {
            body["system"] = new JsonObject { ["all"] = true };
        }

        if (scoped)
        {
            body["catalog"] = new JsonArray([.. catalog().Select(Service)]);
        }

        return new JsonObject { ["token"] = body };
    }

    private static JsonNode Service(CatalogService service) => new JsonObject
    {
        ["type"] = service.Type,
        ["name"] = service.Name,
        ["id"] = "s-" + service.Name,
        ["endpoints"] = new JsonArray([.. service.Endpoints.Select((e, i) => (JsonNode)new JsonObject
        {
            ["id"] = $"e-{service.Name}-{i}",
            ["interface"] = e.Interface,
            ["region_id"] = e.Region,
            ["region"] = e.Region,
            ["url"] = e.Url,
        })]),
    };

    private static JsonObject Domain() => new() { ["id"] = "default", ["name"] = "Default" };

    private static string ProjectId(string project) => "p-" + project;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}
