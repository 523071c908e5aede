using System.Text.Json;

namespace Executor.OpenStack;

/// <summary>Reads the error text out of OpenStack error bodies: Octavia's WSME <c>faultstring</c>, Keystone's <c>error.message</c>, Nova's named faults.</summary>
internal static class Faults
{
    public static string? Message(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("faultstring", out var fault) && fault.ValueKind == JsonValueKind.String)
            {
                return fault.GetString();
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
                error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString();
            }

            // Nova names its fault: {"itemNotFound": {"code": 404, "message": "..."}}, {"forbidden": {...}}.
            if (root.EnumerateObject().ToList() is [{ Value.ValueKind: JsonValueKind.Object } named] &&
                named.Value.TryGetProperty("message", out var novaMessage) && novaMessage.ValueKind == JsonValueKind.String)
            {
                return novaMessage.GetString();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): the status code alone has to do.
        }

        return null;
    }
}
