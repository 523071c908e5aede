using System.Net;
using System.Text.Json.Nodes;

namespace Simulator.Fakes.Dcmanager;

/// <summary>
/// Error bodies as <c>pecan.abort(code, msg)</c> makes them through WebOb: an HTML page by default (the official
/// client scrapes it), or WebOb's JSON (<c>message</c>, <c>code</c>, <c>title</c>) when the request's Accept prefers
/// application/json.
/// </summary>
internal static class PecanErrors
{
    public static (string ContentType, string Body) Render(int status, string detail, string? accept)
    {
        var (title, explanation) = Describe(status);
        var code = $"{status} {title}";
        if (PrefersJson(accept))
        {
            var body = new JsonObject { ["message"] = $"{explanation}\n\n{detail}\n\n", ["code"] = code, ["title"] = title };
            return ("application/json", body.ToJsonString());
        }

        var html = $"<html>\n <head>\n  <title>{code}</title>\n </head>\n <body>\n  <h1>{code}</h1>\n  {explanation}<br /><br />\n{WebUtility.HtmlEncode(detail)}\n\n\n </body>\n</html>";
        return ("text/html; charset=UTF-8", html);
    }

    private static (string Title, string Explanation) Describe(int status) => status switch
    {
        400 => ("Bad Request", "The server could not comply with the request since it is either malformed or otherwise incorrect."),
        401 => ("Unauthorized", "This server could not verify that you are authorized to access the document you requested."),
        403 => ("Forbidden", "Access was denied to this resource."),
        404 => ("Not Found", "The resource could not be found."),
        405 => ("Method Not Allowed", "The method is not allowed for this resource."),
        422 => ("Unprocessable Entity", "Unable to process the contained instructions"),
        _ => ("Internal Server Error", "The server has either erred or is incapable of performing the requested operation."),
    };

    // WebOb picks JSON only when application/json ranks above text/html in Accept.
    private static bool PrefersJson(string? accept)
    {
        if (string.IsNullOrEmpty(accept))
        {
            return false;
        }

        double Quality(string type) => accept.Split(',')
            .Select(part => part.Trim().Split(';'))
            .Where(part => part[0].Trim() == type)
            .Select(part => part.Skip(1).Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("q=", StringComparison.Ordinal)) is { } q &&
                double.TryParse(q[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 1.0)
            .DefaultIfEmpty(-1)
            .Max();
        return Quality("application/json") > Math.Max(Quality("text/html"), -0.5);
    }
}
