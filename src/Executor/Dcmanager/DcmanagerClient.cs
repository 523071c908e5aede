using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Executor.OpenStack;

namespace Executor.Dcmanager;

/// <summary>
/// dcmanager's REST API (CONTRACTS §3.2) for the kube-rootca-update strategy, through an <see cref="OpenStackSession"/>
/// on the catalog's <c>dcmanager</c> endpoint (…/v1.0). Errors become <see cref="OpenStackException"/>s whose
/// <see cref="OpenStackException.Fault"/> is dcmanager's own text, from a JSON or an HTML body.
/// </summary>
public sealed partial class DcmanagerClient(OpenStackSession session)
{
    public const string Type = "kube-rootca-update";

    public OpenStackSession Session => session;

    /// <summary>The strategy of any type (there is at most one), or null (404).</summary>
    public async Task<DcStrategy?> GetAnyStrategyAsync(CancellationToken cancellationToken) =>
        await GetOrNullAsync("/sw-update-strategy", DcJson.Strategy, cancellationToken);

    /// <summary>The kube-rootca-update strategy, or null (404).</summary>
    public async Task<DcStrategy?> GetStrategyAsync(CancellationToken cancellationToken) =>
        await GetOrNullAsync($"/sw-update-strategy?type={Type}", DcJson.Strategy, cancellationToken);

    public async Task<IReadOnlyList<DcStep>> GetStepsAsync(CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, "/sw-update-strategy/steps", null, cancellationToken);
        return [.. document.RootElement.GetProperty("strategy-steps").EnumerateArray().Select(DcJson.Step)];
    }

    public async Task<IReadOnlyList<DcSubcloud>> ListSubcloudsAsync(CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, "/subclouds", null, cancellationToken);
        return [.. document.RootElement.GetProperty("subclouds").EnumerateArray().Select(DcJson.Subcloud)];
    }

    /// <summary>The subcloud groups, by id (for an inventory).</summary>
    public async Task<IReadOnlyList<(int Id, string Name, string ApplyType, int MaxParallel)>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, "/subcloud-groups", null, cancellationToken);
        return [.. document.RootElement.GetProperty("subcloud_groups").EnumerateArray().Select(g => (
            g.GetProperty("id").GetInt32(), g.GetProperty("name").GetString() ?? "", g.GetProperty("update_apply_type").GetString() ?? "parallel",
            g.GetProperty("max_parallel_subclouds").GetInt32()))];
    }

    public async Task<DcStrategy> CreateAsync(JsonObject payload, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Post, "/sw-update-strategy", payload, cancellationToken);
        return DcJson.Strategy(document.RootElement);
    }

    /// <summary>Sends <c>apply</c> or <c>abort</c>.</summary>
    public async Task<DcStrategy?> ActAsync(string action, CancellationToken cancellationToken)
    {
        if (action is not ("apply" or "abort"))
        {
            throw new ArgumentException("dcmanager knows only apply and abort (anything else gets an empty answer)", nameof(action));
        }

        using var document = await SendAsync(HttpMethod.Post, $"/sw-update-strategy/actions?type={Type}", new JsonObject { ["action"] = action }, cancellationToken);
        return document.RootElement.ValueKind == JsonValueKind.Object ? DcJson.Strategy(document.RootElement) : null;
    }

    public async Task<DcStrategy> DeleteAsync(CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Delete, $"/sw-update-strategy?type={Type}", null, cancellationToken);
        return DcJson.Strategy(document.RootElement);
    }

    private async Task<T?> GetOrNullAsync<T>(string path, Func<JsonElement, T> read, CancellationToken cancellationToken) where T : class
    {
        try
        {
            using var document = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
            return read(document.RootElement);
        }
        catch (OpenStackException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var fault = ErrorText(text);
            throw new OpenStackException($"dcmanager {method} {path.Split('?')[0]}: {(int)response.StatusCode}{(fault is null ? "" : ": " + fault)}",
                response.StatusCode, fault);
        }

        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "null" : text);
    }

    /// <summary>dcmanager's message from a WebOb error body: the JSON's <c>message</c>, or the HTML page's text after its explanation.</summary>
    /// <param name="body">The response body.</param>
    public static string? ErrorText(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        string text;
        if (body.TrimStart().StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                text = json.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : body;
            }
            catch (JsonException)
            {
                text = body;
            }
        }
        else
        {
            // <h1>400 Bad Request</h1> explanation<br /><br />\nmessage: the message is what follows the breaks.
            var breaks = body.LastIndexOf("<br /><br />", StringComparison.Ordinal);
            text = WebUtility.HtmlDecode(Tags().Replace(breaks >= 0 ? body[(breaks + 12)..] : body, " "));
        }

        // The JSON message starts with the explanation, two newlines, then the message.
        var parts = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var message = parts.Length > 1 ? string.Join(" ", parts.Skip(1)) : text;
        return Spaces().Replace(message, " ").Trim();
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
