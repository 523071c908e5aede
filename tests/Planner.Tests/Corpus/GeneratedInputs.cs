using System.Text;

namespace Planner.Tests.Corpus;

/// <summary>
/// Inputs of the broken-plan corpus that are generated rather than committed: binary, wrongly encoded, deeply
/// nested and oversized files. A case directory holding <c>generated.txt</c> gets its <c>plan.yaml</c> from here.
/// </summary>
internal static class GeneratedInputs
{
    /// <summary>The plan the encoding cases start from; valid except for what each generator does to it.</summary>
    private const string ValidPlan = """
        apiVersion: mplan/v1
        kind: MaintenancePlan
        metadata:
          name: generated
          description: Mise à jour des équilibreurs de charge
        windows:
          - start: 2026-12-05T22:00:00Z
            duration: 4h
        clusters:
          osh-dev:
            file: ../../../../plans/clusters/osh-dev.yaml
        operations:
          - id: preflight
            uses: mosk.osdpl-health

        """;

    private static readonly Dictionary<string, Func<byte[]>> Generators = new(StringComparer.Ordinal)
    {
        // A gzip header: someone passed plan.yaml.gz.
        ["binary-nul-bytes"] = () => [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4B, 0x4C, 0x4A, 0x06, 0x00],
        // Saved as Latin-1: 'à' is the single byte 0xE0, which UTF-8 cannot start a character with here.
        ["invalid-utf8"] = () => Encoding.Latin1.GetBytes(ValidPlan),
        // Saved as UTF-16 LE with a byte order mark, as some Windows editors do.
        ["utf16-encoded"] = () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(ValidPlan)],
        ["deep-nesting"] = DeepYaml,
        ["deep-nesting-json"] = DeepJson,
        ["huge-file"] = Huge,
    };

    public static bool TryGenerate(string caseName, out byte[] content)
    {
        if (Generators.TryGetValue(caseName, out var generator))
        {
            content = generator();
            return true;
        }

        content = [];
        return false;
    }

    public static IEnumerable<string> Names => Generators.Keys;

    // 200 levels of block mappings under a valid header.
    private static byte[] DeepYaml()
    {
        var text = new StringBuilder("apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata:\n");
        for (var level = 1; level <= 200; level++)
        {
            text.Append(' ', level * 2).Append("level").Append(level).Append(":\n");
        }

        text.Append(' ', 402).Append("bottom\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // 200 nested JSON arrays: too deep for the JSON fast path, so the YAML reader must report it.
    private static byte[] DeepJson() =>
        Encoding.UTF8.GetBytes($$"""{"apiVersion": "mplan/v1", "kind": "MaintenancePlan", "metadata": {{new string('[', 200)}}1{{new string(']', 200)}}}""");

    // A valid plan followed by 8 MiB of comments: over the limit however valid the content.
    private static byte[] Huge()
    {
        var line = "# " + new string('x', 97) + "\n";
        var text = new StringBuilder(ValidPlan, ValidPlan.Length + (85_000 * line.Length));
        for (var i = 0; i < 85_000; i++)
        {
            text.Append(line);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
