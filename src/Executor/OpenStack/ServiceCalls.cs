using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Executor.OpenStack;

/// <summary>
/// What mplan's OpenStack clients (Octavia, Nova) share: reads through the retry pipeline (each try with its own time
/// limit), changes sent once, listings followed page by page by marker, and errors that carry the service's fault
/// text, never the token.
/// </summary>
/// <param name="session">The authenticated session.</param>
/// <param name="reads">The read retries.</param>
/// <param name="service">The service's name in error messages, e.g. <c>Octavia</c>.</param>
/// <param name="headers">Headers every request carries (a microversion).</param>
internal sealed class ServiceCalls(OpenStackSession session, ReadRetry reads, string service, IReadOnlyDictionary<string, string>? headers = null)
{
    public int ReadRetries => reads.Retries;

    public async Task<JsonElement?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken,
        HttpStatusCode? nullOn = null) =>
        method == HttpMethod.Get
            ? await reads.Pipeline.ExecuteAsync(async token => await SendOnceAsync(method, path, body, token, nullOn).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false)
            : await SendOnceAsync(method, path, body, cancellationToken, nullOn).ConfigureAwait(false);

    /// <summary>
    /// Follows pages by marker. Octavia and Nova add a <c>next</c> link to every full page (so an exactly full last page
    /// is followed by an empty one) and build its href from their own base URL, which may not be the catalog's: the next
    /// request is rebuilt from the last id instead. Stops at an empty page, or a short page without a <c>next</c> link
    /// (a server may clamp the page size below what was asked); a repeated marker is an error, not a loop.
    /// </summary>
    public async Task<IReadOnlyList<T>> ListAllAsync<T>(string path, string key, string? filters, int pageSize,
        Func<JsonElement, T> read, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var all = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? marker = null;
        while (true)
        {
            var query = $"limit={pageSize.ToString(CultureInfo.InvariantCulture)}" + (marker is null ? "" : "&marker=" + Uri.EscapeDataString(marker)) +
                (string.IsNullOrEmpty(filters) ? "" : "&" + filters);
            var body = (await SendAsync(HttpMethod.Get, $"{path}?{query}", null, cancellationToken).ConfigureAwait(false))!.Value;
            var page = body.GetProperty(key);
            string? last = null;
            foreach (var item in page.EnumerateArray())
            {
                last = Json.Text(item, "id");
                if (last is not null && seen.Add(last))
                {
                    all.Add(read(item));
                }
            }

            progress?.Report(all.Count);
            var hasNext = body.TryGetProperty(key + "_links", out var links) && links.ValueKind == JsonValueKind.Array &&
                links.EnumerateArray().Any(l => Json.Text(l, "rel") == "next");
            if (last is null || (page.GetArrayLength() < pageSize && !hasNext))
            {
                return all;
            }

            if (last == marker)
            {
                throw new OpenStackException($"GET {path}: the server returned marker {last} twice; stopping to avoid an endless listing");
            }

            marker = last;
        }
    }

    // A body cut off by a reset connection is no answer, as a failed connect is.
    public static async Task<string> BodyAsync(HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new OpenStackException($"{method} {path.Split('?')[0]}: the answer ({(int)response.StatusCode}) was cut off: {e.Message}") { NoAnswer = true };
        }
    }

    public OpenStackException Error(HttpMethod method, string path, HttpStatusCode status, string body)
    {
        var fault = Faults.Message(body);
        return new OpenStackException($"{method} {path.Split('?')[0]}: {service} answered {(int)status} {status}{(fault is null ? "" : ": " + fault)}", status, fault);
    }

    private async Task<JsonElement?> SendOnceAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, HttpStatusCode? nullOn)
    {
        using var response = await session.SendAsync(method, path, body, cancellationToken, headers).ConfigureAwait(false);
        var text = await BodyAsync(method, path, response, cancellationToken).ConfigureAwait(false);
        if (nullOn is { } code && response.StatusCode == code)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw Error(method, path, response.StatusCode, text);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new OpenStackException($"{method} {path.Split('?')[0]}: {service} answered {(int)response.StatusCode} with a body that is not JSON ({e.Message})");
        }
    }
}
