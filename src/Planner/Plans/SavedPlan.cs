using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Planner.Plans;

/// <summary>
/// The saved plan (<c>mplan plan --out FILE</c>): the plan document with its full step graph, wrapped with the
/// SHA-256 of that document's exact bytes. Apply refuses a file whose hash does not match (tampered) or whose
/// input hashes no longer match the files on disk (stale).
/// </summary>
public static class SavedPlan
{
    public const string Kind = "mplan-saved-plan";

    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ResolvedPlan plan)
    {
        var document = new MemoryStream();
        using (var json = new Utf8JsonWriter(document, WriterOptions))
        {
            PlanJsonDocument.Write(json, plan, includeSteps: true);
        }

        var body = document.ToArray();
        var file = new MemoryStream();
        using (var json = new Utf8JsonWriter(file, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("format_version", PlanJsonDocument.FormatVersion);
            json.WriteString("kind", Kind);
            json.WriteString("content_sha256", Convert.ToHexStringLower(SHA256.HashData(body)));
            json.WritePropertyName("document");
            json.WriteRawValue(body, skipInputValidation: true);
            json.WriteEndObject();
        }

        file.WriteByte((byte)'\n');
        return file.ToArray();
    }

    /// <summary>Checks a saved plan's integrity. Returns null when intact, or why it is not.</summary>
    public static string? Verify(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (!root.TryGetProperty("kind", out var kind) || kind.GetString() != Kind)
            {
                return "this is not an mplan saved plan";
            }

            var expected = root.GetProperty("content_sha256").GetString();
            var body = root.GetProperty("document").GetRawText();
            var actual = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)));
            return actual == expected ? null : "the saved plan was modified after it was written (content hash mismatch)";
        }
        catch (JsonException e)
        {
            return $"the saved plan is not valid JSON: {e.Message}";
        }
        catch (KeyNotFoundException)
        {
            return "the saved plan lacks its content hash or document";
        }
    }
}
