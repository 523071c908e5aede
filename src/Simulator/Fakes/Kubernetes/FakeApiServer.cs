using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Simulator.Fakes.Kubernetes;

/// <summary>
/// One fake Kubernetes API server: an <see cref="ObjectStore"/> served over HTTPS with bearer-token auth, the URL
/// layout, verbs, watch protocol and Status bodies of CONTRACTS §4. Tests read and change its objects through
/// <see cref="Store"/> and <see cref="Logs"/>.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWatchTimeout = TimeSpan.FromMinutes(30);

    // As Go's encoder writes it: '+', '<', '>' and non-ASCII letters as themselves, not \u escapes.
    private static readonly JsonSerializerOptions Wire = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly byte[] _token;
    private FakeHost? _host;

    internal FakeApiServer(ObjectStore store, string token)
    {
        Store = store;
        _token = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>The objects.</summary>
    public ObjectStore Store { get; }

    /// <summary>The pods' container logs.</summary>
    public PodLogs Logs { get; } = new();

    /// <summary>Where it serves, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Url => _host?.Url ?? throw new InvalidOperationException("the server has not started");

    /// <summary>How often a watch that allows bookmarks gets one when nothing else happens (real time).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(5);

    private int _bookmarksSent;

    /// <summary>How many bookmarks the watches have been sent (tests wait for one before they drop a watch).</summary>
    public int BookmarksSent => Volatile.Read(ref _bookmarksSent);

    internal async Task StartAsync(IPEndPoint listen, X509Certificate2 certificate, CancellationToken cancellationToken) =>
        _host = await FakeHost.StartAsync(listen, certificate, HandleAsync, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private readonly List<string> _requests = [];

    /// <summary>Every request served, in order, as <c>METHOD /path?query -> status</c> (a watch's status is its stream's, 200).</summary>
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

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await AnswerAsync(context);
        }
        finally
        {
            lock (_requests)
            {
                _requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} -> {context.Response.StatusCode}");
            }
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        try
        {
            if (!Authorized(context.Request))
            {
                throw ApiError.Unauthorized();
            }

            await RouteAsync(context);
        }
        catch (ApiError error)
        {
            await WriteAsync(context, error.Code, error.ToStatus());
        }
        catch (JsonException e)
        {
            await WriteAsync(context, 400, ApiError.BadRequest($"the body of the request is not valid JSON: {e.Message}").ToStatus());
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a watch it stopped): nothing to answer.
        }
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), _token);
    }

    private async Task RouteAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var types = Store.Types;
        var get = HttpMethods.IsGet(context.Request.Method);
        switch (segments)
        {
            case ["version"] when get:
                await WriteAsync(context, 200, Discovery.Version());
                return;
            case ["api"] when get:
                await WriteAsync(context, 200, Discovery.CoreVersions(context.Request.Host.Value ?? "127.0.0.1"));
                return;
            case ["api", "v1"] when get:
                await WriteAsync(context, 200, Discovery.Resources(types, "", "v1"));
                return;
            case ["apis"] when get:
                await WriteAsync(context, 200, Discovery.Groups(types));
                return;
            case ["apis", var group] when get && types.Any(t => t.Group == group):
                await WriteAsync(context, 200, Discovery.Group(types, group));
                return;
            case ["apis", var group, var version] when get && types.Any(t => t.Group == group && t.Version == version):
                await WriteAsync(context, 200, Discovery.Resources(types, group, version));
                return;
            case ["api", "v1", .. var rest]:
                await ResourceAsync(context, "", "v1", rest);
                return;
            case ["apis", var group, var version, .. var rest]:
                await ResourceAsync(context, group, version, rest);
                return;
            default:
                throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Group, string Resource, string Verb), byte> _audit = new();

    /// <summary>Every (API group, resource[/subresource], RBAC verb) a client has asked for, to check a Role against.</summary>
    public IReadOnlyCollection<(string Group, string Resource, string Verb)> Audit => [.. _audit.Keys];

    private static string RbacVerb(string method, bool collection, bool watch) => method switch
    {
        _ when HttpMethods.IsGet(method) => collection ? watch ? "watch" : "list" : "get",
        _ when HttpMethods.IsPost(method) => "create",
        _ when HttpMethods.IsPut(method) => "update",
        _ when HttpMethods.IsPatch(method) => "patch",
        _ when HttpMethods.IsDelete(method) => collection ? "deletecollection" : "delete",
        _ => method.ToLowerInvariant(),
    };

    private async Task ResourceAsync(HttpContext context, string group, string version, string[] rest)
    {
        string? ns = null;
        if (rest is ["namespaces", var namespaceName, var plural, ..] && Store.Find(group, plural) is { Namespaced: true })
        {
            ns = namespaceName;
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3 || Store.Find(group, rest[0]) is not { } type || type.Version != version)
        {
            throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var request = context.Request;
        var method = request.Method;
        _audit[(group, subresource is null ? type.Plural : $"{type.Plural}/{subresource}", RbacVerb(method, name is null, Flag(request, "watch")))] = 0;
        if (type.Namespaced && name is not null && ns is null)
        {
            throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        if (subresource is not null && subresource != "status" && !(type == ResourceTypes.Pods && subresource is "log" or "eviction"))
        {
            throw new ApiError(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }

        if (name is null)
        {
            if (HttpMethods.IsGet(method))
            {
                if (Flag(request, "watch"))
                {
                    await WatchAsync(context, type, ns);
                }
                else
                {
                    await WriteAsync(context, 200, ListBody(type, ns, request));
                }
            }
            else if (HttpMethods.IsPost(method))
            {
                await WriteAsync(context, 201, Store.Create(type, ns, await ReadObjectAsync(request)));
            }
            else
            {
                throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource");
            }

            return;
        }

        switch (method)
        {
            case var _ when HttpMethods.IsGet(method) && subresource == "log":
                await WriteLogAsync(context, ns!, name);
                break;
            case var _ when HttpMethods.IsGet(method):
                if (subresource == "status" && !type.HasStatusSubresource)
                {
                    throw ApiError.NotFound(type, name);
                }

                await WriteAsync(context, 200, Store.Get(type, ns, name));
                break;
            case var _ when HttpMethods.IsPost(method) && subresource == "eviction":
                await EvictAsync(context, ns!, name);
                break;
            case var _ when HttpMethods.IsPut(method):
                await WriteAsync(context, 200, Store.Replace(type, ns, name, await ReadObjectAsync(request), subresource));
                break;
            case var _ when HttpMethods.IsPatch(method):
                var kind = PatchKindOf(request.ContentType);
                await WriteAsync(context, 200, Store.Patch(type, ns, name, kind, await ReadJsonAsync(request), subresource));
                break;
            case var _ when HttpMethods.IsDelete(method) && subresource is null:
                var body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0 ? await ReadJsonAsync(request) : null;
                var policy = request.Query["propagationPolicy"].ToString() is { Length: > 0 } p ? p : body?["propagationPolicy"]?.GetValue<string>();
                await WriteAsync(context, 200, Store.Delete(type, ns, name, orphan: policy == "Orphan"));
                break;
            default:
                throw ApiError.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static PatchKind PatchKindOf(string? contentType) => (contentType ?? "").Split(';')[0].Trim() switch
    {
        "application/merge-patch+json" => PatchKind.Merge,
        "application/json-patch+json" => PatchKind.Json,
        "application/strategic-merge-patch+json" => PatchKind.Strategic,
        _ => throw new ApiError(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
    };

    private JsonObject ListBody(ResourceType type, string? ns, HttpRequest request)
    {
        var selector = Selector.Parse(request.Query["labelSelector"], request.Query["fieldSelector"]);
        var limit = int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var (items, version, next, remaining) = Store.Page(type, ns, selector, limit, request.Query["continue"]);
        var array = new JsonArray();
        foreach (var item in items)
        {
            // Built-in kinds leave kind and apiVersion off list items; custom resources keep them.
            if (type.BuiltIn)
            {
                item.Remove("kind");
                item.Remove("apiVersion");
            }

            array.Add((JsonNode)item);
        }

        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (next is not null)
        {
            metadata["continue"] = next;
            metadata["remainingItemCount"] = remaining;
        }

        return new JsonObject
        {
            ["kind"] = type.Kind + "List",
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = array,
        };
    }

    private async Task WatchAsync(HttpContext context, ResourceType type, string? ns)
    {
        var request = context.Request;
        var selector = Selector.Parse(request.Query["labelSelector"], request.Query["fieldSelector"]);
        var since = long.TryParse(request.Query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : (long?)null;
        var timeout = int.TryParse(request.Query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultWatchTimeout;
        var bookmarks = Flag(request, "allowWatchBookmarks");
        var initialEnd = bookmarks && Flag(request, "sendInitialEvents") && since is null or 0;
        WatchSubscription subscription;
        try
        {
            subscription = Store.Watch(type, since);
        }
        catch (ApiError error) when (error.Code == 410 && Store.ExpiredWatchAnswer == ExpiredWatchAnswer.ErrorEvent)
        {
            await StartStreamAsync(context);
            await WriteEventAsync(context, WatchEvent.Error, error.ToStatus());
            return;
        }

        using (subscription)
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            deadline.CancelAfter(timeout);
            await StartStreamAsync(context);
            var never = Task.Delay(Timeout.Infinite, deadline.Token);
            try
            {
                while (!deadline.IsCancellationRequested)
                {
                    if (initialEnd && !subscription.Events.TryPeek(out _))
                    {
                        await WriteBookmarkAsync(context, type, Store.ResourceVersion, initialEventsEnd: true);
                        initialEnd = false;
                    }

                    var wait = subscription.Events.WaitToReadAsync(deadline.Token).AsTask();
                    var tick = bookmarks ? Task.Delay(BookmarkInterval, deadline.Token) : never;
                    var done = await Task.WhenAny(wait, tick);
                    if (done == tick && tick.IsCanceled)
                    {
                        break;
                    }

                    if (done == tick)
                    {
                        var version = Store.ResourceVersion;
                        if (!subscription.Events.TryPeek(out _))
                        {
                            await WriteBookmarkAsync(context, type, version, initialEventsEnd: false);
                        }

                        continue;
                    }

                    if (!await wait)
                    {
                        if (subscription.Expired is { } expired)
                        {
                            await WriteEventAsync(context, WatchEvent.Error, expired.ToStatus());
                        }

                        return;
                    }

                    while (subscription.Events.TryRead(out var change))
                    {
                        if (Visible(change, type, ns, selector) is { } shown)
                        {
                            await WriteEventAsync(context, shown, change.Object);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                // timeoutSeconds passed: a normal end of the stream.
            }
        }
    }

    // What a watcher with this namespace and selector sees of a change: objects that start or stop matching appear
    // as ADDED or DELETED, as the real watch cache shows them.
    private static string? Visible(WatchEvent change, ResourceType type, string? ns, Selector selector)
    {
        if (change.Resource != type || (ns is not null && change.Namespace != ns))
        {
            return null;
        }

        var now = change.Type != WatchEvent.Deleted && selector.Matches(change.Object);
        var before = change.Previous is not null && selector.Matches(change.Previous);
        return change.Type switch
        {
            WatchEvent.Added => now ? WatchEvent.Added : null,
            WatchEvent.Deleted => before || selector.Matches(change.Object) ? WatchEvent.Deleted : null,
            _ when now && before => WatchEvent.Modified,
            _ when now => WatchEvent.Added,
            _ when before => WatchEvent.Deleted,
            _ => null,
        };
    }

    private static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString(Wire) + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private Task WriteBookmarkAsync(HttpContext context, ResourceType type, long version, bool initialEventsEnd)
    {
        Interlocked.Increment(ref _bookmarksSent);
        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return WriteEventAsync(context, WatchEvent.Bookmark, new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata });
    }

    private async Task WriteLogAsync(HttpContext context, string ns, string name)
    {
        var pod = Store.Get(ResourceTypes.Pods, ns, name);
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => c?["name"]?.GetValue<string>() ?? "").ToList();
        var container = context.Request.Query["container"].ToString();
        if (container.Length == 0)
        {
            container = containers.Count == 1
                ? containers[0]
                : throw ApiError.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', containers)}]");
        }
        else if (!containers.Contains(container))
        {
            throw ApiError.BadRequest($"container {container} is not valid for pod {name}");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        var sent = Logs.Read(ns, name, container);
        await context.Response.WriteAsync(sent, context.RequestAborted);
        if (!Flag(context.Request, "follow"))
        {
            return;
        }

        // follow=true: stream what the container logs until it has exited (or the pod is gone).
        await context.Response.Body.FlushAsync(context.RequestAborted);
        while (true)
        {
            var phase = Store.TryGet(ResourceTypes.Pods, ns, name)?["status"]?["phase"]?.GetValue<string>();
            var text = Logs.Read(ns, name, container);
            if (text.Length > sent.Length)
            {
                await context.Response.WriteAsync(text[sent.Length..], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                sent = text;
            }

            if (phase is null or "Succeeded" or "Failed")
            {
                return;
            }

            await Task.Delay(100, context.RequestAborted);
        }
    }

    // The eviction subresource without PodDisruptionBudgets (the fake serves none): the pod is deleted, 201 Success.
    private async Task EvictAsync(HttpContext context, string ns, string name)
    {
        var body = await ReadObjectAsync(context.Request);
        if (body["metadata"]?["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
        {
            throw ApiError.BadRequest("name in URL does not match name in Eviction object");
        }

        Store.Delete(ResourceTypes.Pods, ns, name);
        await WriteAsync(context, 201, ApiError.Body(201, "", "", null));
    }

    private static bool Flag(HttpRequest request, string name) => request.Query[name].ToString() is "true" or "1";

    private static async Task<JsonNode?> ReadJsonAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request) =>
        await ReadJsonAsync(request) as JsonObject ?? throw ApiError.BadRequest("the body of the request must be a JSON object");

    private static async Task WriteAsync(HttpContext context, int code, JsonObject body)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Wire), context.RequestAborted);
    }
}
