using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;

namespace Executor.Kubernetes;

/// <summary>
/// KubernetesClient's client with a watch of its own. mplan ships as a Native AOT binary, so it uses the library's
/// AOT build (KubernetesClient.Aot), which leaves out the watch (<c>Watcher</c>, <c>WatchAsync</c>) because that is
/// built on reflection. The watch here is the plain protocol (CONTRACTS §4.4): a GET with <c>watch=true</c> whose
/// answer is one JSON event per line, <c>{"type": ..., "object": ...}</c>. The request goes through the library's own
/// send, so credentials (tokens, exec plugins, client certificates), the TLS server name and the HTTP error answers
/// (<see cref="k8s.Autorest.HttpOperationException"/>) are the library's, as for every other call.
/// </summary>
public sealed class KubeClient(KubernetesClientConfiguration config) : k8s.Kubernetes(WithJsonTrees(config))
{
    // As the library's own requests: HTTP/2 unless the configuration turns it off, so that watches share its connection.
    private readonly Version _httpVersion = config.DisableHttp2 ? HttpVersion.Version11 : HttpVersion.Version20;

    /// <summary>
    /// Watches a list from <paramref name="resourceVersion"/> on: each event's type and object, bookmarks and ERROR
    /// events included, until the server ends the watch (its timeout) or <paramref name="cancellationToken"/> does.
    /// </summary>
    /// <param name="path">The list's path, e.g. <c>apis/batch/v1/namespaces/openstack/jobs</c>.</param>
    /// <param name="resourceVersion">Where to resume (null: from now, with an ADDED event per existing object).</param>
    /// <param name="selectors">The field and label selectors (either may be null).</param>
    /// <param name="timeoutSeconds">Asks the server to end the watch after this long.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <exception cref="JsonException">A line is not a watch event; the watch is broken and ends.</exception>
    public async IAsyncEnumerable<KubeWatchEvent> WatchAsync(string path, string? resourceVersion, (string? Field, string? Label) selectors,
        int timeoutSeconds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var query = new StringBuilder("?watch=true&allowWatchBookmarks=true&timeoutSeconds=")
            .Append(timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppendParameter(query, "resourceVersion", resourceVersion);
        AppendParameter(query, "fieldSelector", selectors.Field);
        AppendParameter(query, "labelSelector", selectors.Label);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path + query)) { Version = _httpVersion };
        using var response = await SendRequestRaw("", request, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        while (await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return KubeWatchEvent.Parse(line);
            }
        }
    }

    // A connection dropped mid-stream ends the watch as the server's own timeout does: the caller resumes at once
    // from the last version it saw (and lists again if that is gone), as client-go's reflector does.
    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    // The AOT build serialises only the types its generated context names, i.e. the typed models. Custom resources are
    // read and written as JSON trees, so this client's options (a copy of the library's) also know those.
    private static KubernetesClientConfiguration WithJsonTrees(KubernetesClientConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AddJsonOptions(options =>
        {
            if (!options.TypeInfoResolverChain.Contains(KubeTreeJson.Default))
            {
                options.TypeInfoResolverChain.Add(KubeTreeJson.Default); // once, if a configuration makes several clients
            }
        });
        return config;
    }

    private static void AppendParameter(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}

/// <summary>The JSON trees custom resources are held as, for the library's serializer.</summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
internal sealed partial class KubeTreeJson : JsonSerializerContext;

/// <summary>One line of a watch: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, and the object (a Status for ERROR).</summary>
/// <param name="Type">The event's type as the server wrote it.</param>
/// <param name="Object">The object, or for ERROR the Status.</param>
public sealed record KubeWatchEvent(string Type, JsonElement Object)
{
    /// <summary>A BOOKMARK: no change, only a resourceVersion to resume from.</summary>
    public bool IsBookmark => Type == "BOOKMARK";

    /// <summary>An ERROR event (e.g. 410 Gone: the version to resume from is too old).</summary>
    public bool IsError => Type == "ERROR";

    /// <summary>The object's resourceVersion (null for ERROR).</summary>
    public string? ResourceVersion => IsError ? null : Object.Text("metadata", "resourceVersion");

    /// <summary>An ERROR event's Status code, e.g. 410 (null otherwise).</summary>
    public long? ErrorCode => IsError ? Object.Integer("code") : null;

    /// <summary>Reads one line of a watch.</summary>
    /// <param name="line">The line.</param>
    /// <exception cref="JsonException">The line is not a watch event.</exception>
    public static KubeWatchEvent Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.Text("type") is not { } type || root.At("object") is not { ValueKind: JsonValueKind.Object } item)
        {
            throw new JsonException($"not a watch event (no type or object): {Shorten(line)}");
        }

        return new KubeWatchEvent(type, item.Clone());
    }

    private static string Shorten(string line) => line.Length <= 200 ? line : line[..200] + "…";
}
