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

    /// <summary>The saved plan's bytes, in memory (apply keeps them in its journal).</summary>
    public static byte[] Write(ResolvedPlan plan)
    {
        var file = new MemoryStream();
        using var scratch = new MemoryStream();
        Write(plan, file, scratch);
        return file.ToArray();
    }

    /// <summary>
    /// Writes the saved plan to <paramref name="output"/>, with the document first written to <paramref name="scratch"/>
    /// (seekable; a temporary file for large plans) to hash it: the hash comes before the document in the file. Streamed
    /// so that a plan of 100k steps (a 170 MB file) never sits in memory as a whole; in-memory copies took 1.4 GB.
    /// </summary>
    public static void Write(ResolvedPlan plan, Stream output, Stream scratch)
    {
        using (var json = new Utf8JsonWriter(scratch, WriterOptions))
        {
            PlanJsonDocument.Write(json, plan, includeSteps: true);
        }

        scratch.Position = 0;
        var hash = Convert.ToHexStringLower(SHA256.HashData(scratch));
        scratch.Position = 0;

        // The wrapper as Utf8JsonWriter indents it, with the document's own bytes inserted as they are, so that the
        // document's raw text in the file is exactly what was hashed.
        var header = $"{{\n  \"format_version\": \"{PlanJsonDocument.FormatVersion}\",\n  \"kind\": \"{Kind}\",\n" +
                     $"  \"content_sha256\": \"{hash}\",\n  \"document\": ";
        output.Write(System.Text.Encoding.UTF8.GetBytes(header));
        scratch.CopyTo(output);
        output.Write("\n}\n"u8);
    }

    /// <summary>True when <paramref name="content"/> looks like a saved plan (JSON naming this kind) rather than a plan file.</summary>
    public static bool LooksSaved(byte[] content)
    {
        var head = System.Text.Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 512));
        return head.TrimStart().StartsWith('{') && head.Contains($"\"{Kind}\"", StringComparison.Ordinal);
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

    /// <summary>
    /// Rebuilds the plan a saved plan was made from, from the same files, and checks that it is the same plan: the
    /// saved plan is intact and every input (plan and cluster files) still has the hash it had when it was reviewed.
    /// Returns null with an error in <paramref name="diagnostics"/> when not, naming what changed.
    /// </summary>
    public static ResolvedPlan? Reopen(string savedPath, byte[] content, IFileSource files, Diagnostics.DiagnosticBag diagnostics)
    {
        var at = new Diagnostics.SourceLocation(savedPath, 0, 0);
        if (Verify(content) is { } problem)
        {
            diagnostics.Error(Diagnostics.DiagnosticCodes.SavedPlanInvalid, at, problem, "run mplan plan --out again and review the new plan");
            return null;
        }

        using var document = JsonDocument.Parse(content);
        var body = document.RootElement.GetProperty("document");
        var planFile = body.GetProperty("plan").GetProperty("file").GetString()!;
        var recorded = body.GetProperty("inputs").EnumerateArray()
            .Select(i => new InputFile(i.GetProperty("role").GetString()!, i.GetProperty("path").GetString()!, i.GetProperty("sha256").GetString()!))
            .ToList();
        var overrides = InputFile.ClusterFiles(recorded);
        var plan = PlanBuilder.Build(planFile, files, overrides, diagnostics);
        if (plan is null)
        {
            return null;
        }

        var changed = recorded
            .Where(r => plan.Inputs.FirstOrDefault(i => i.Role == r.Role) is not { } now || now.Sha256 != r.Sha256)
            .Select(r => $"{r.Path} ({r.Role}) changed since the plan was saved")
            .ToList();
        var expectedSha = body.GetProperty("plan").GetProperty("sha256").GetString();
        if (changed.Count > 0 || plan.Sha256 != expectedSha)
        {
            var what = changed.Count > 0 ? string.Join("; ", changed) : "the plan's inputs differ from what was saved";
            diagnostics.Error(Diagnostics.DiagnosticCodes.SavedPlanStale, at, $"the saved plan is stale: {what}",
                "review the change with mplan plan again (or apply with --refresh to re-plan)");
            return null;
        }

        return plan;
    }
}
