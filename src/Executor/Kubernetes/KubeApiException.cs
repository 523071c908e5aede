using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Executor.Kubernetes;

/// <summary>
/// An answer of the Kubernetes API that is not a success, read from its <c>Status</c> object (code, reason, message,
/// causes), with the object it was about. Secrets never appear: a Status carries none.
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(string target, int code, string reason, string message, IReadOnlyList<string> causes, Exception? inner = null)
        : base($"{target}: {code} {reason}: {message}" + (causes.Count > 0 ? $" ({string.Join("; ", causes)})" : ""), inner)
    {
        Target = target;
        Code = code;
        Reason = reason;
        StatusMessage = message;
        Causes = causes;
    }

    /// <summary>What the call was about, e.g. <c>openstackdeployments/osh-dev (openstack)</c>.</summary>
    public string Target { get; }

    public int Code { get; }

    /// <summary>The Status reason: NotFound, Conflict, Invalid, BadRequest, Expired...</summary>
    public string Reason { get; }

    public string StatusMessage { get; }

    public IReadOnlyList<string> Causes { get; }

    public bool IsNotFound => Code == (int)HttpStatusCode.NotFound;

    public bool IsConflict => Code == (int)HttpStatusCode.Conflict;

    /// <summary>Runs one API call and turns its failure into a <see cref="KubeApiException"/> naming <paramref name="target"/>.</summary>
    /// <typeparam name="T">The call's result.</typeparam>
    /// <param name="target">The object the call is about.</param>
    /// <param name="call">The call.</param>
    public static async Task<T> Wrap<T>(string target, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (HttpOperationException e)
        {
            throw From(target, (int)e.Response.StatusCode, e.Response.Content, e);
        }
    }

    /// <summary>Reads a Status body (or, when the body is not one, the HTTP status alone).</summary>
    /// <param name="target">The object the call was about.</param>
    /// <param name="httpStatus">The HTTP status code.</param>
    /// <param name="body">The response body.</param>
    /// <param name="inner">The client's exception.</param>
    public static KubeApiException From(string target, int httpStatus, string? body, Exception? inner = null)
    {
        try
        {
            using var document = JsonDocument.Parse(body ?? "");
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var kind) && kind.GetString() == "Status")
            {
                var causes = root.TryGetProperty("details", out var details) && details.TryGetProperty("causes", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(Cause).ToList()
                    : [];
                return new KubeApiException(target, root.TryGetProperty("code", out var code) && code.TryGetInt32(out var c) ? c : httpStatus,
                    Text(root, "reason") ?? ((HttpStatusCode)httpStatus).ToString(), Text(root, "message") ?? "", causes, inner);
            }
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's HTML page, an empty body): the HTTP status is all there is.
        }

        return new KubeApiException(target, httpStatus, ((HttpStatusCode)httpStatus).ToString(), "the API answered without a Status", [], inner);
    }

    private static string Cause(JsonElement cause)
    {
        var field = Text(cause, "field");
        var message = Text(cause, "message") ?? Text(cause, "reason") ?? "";
        return field is null ? message : $"{field}: {message}";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
