using System.Net;

namespace Executor.OpenStack;

/// <summary>
/// A problem talking to OpenStack or with its configuration. The message says what failed and what to do; it never
/// holds a password, token or credential secret (requests are described by method and path only).
/// </summary>
public sealed class OpenStackException : Exception
{
    public OpenStackException(string message, HttpStatusCode? status = null, string? fault = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Fault = fault;
    }

    /// <summary>The HTTP status when the server answered; null for configuration and connection problems.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The server's own error text (Octavia's <c>faultstring</c>, Keystone's <c>error.message</c>).</summary>
    public string? Fault { get; }

    /// <summary>No (whole) answer came: the connection failed or was reset, or the server did not answer in time.</summary>
    public bool NoAnswer { get; init; }

    /// <summary>
    /// Worth asking again: no answer, or 408, 429 or a 5xx other than 501 (an overloaded or restarting API, a gateway
    /// between). 400, 401, 403, 404 and 409 are answers: asking again gets the same one.
    /// </summary>
    public bool IsTransient => NoAnswer || Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests ||
        (Status is { } status && (int)status >= 500 && status != HttpStatusCode.NotImplemented);
}
