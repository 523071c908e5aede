using Planner.Plans;

namespace Planner.Tests.Corpus;

/// <summary>
/// Reads files relative to a case directory, as the CLI would with that directory as the working directory,
/// with in-memory overlays for inputs the test generates (binary, huge or deeply nested files).
/// </summary>
internal sealed class CaseFileSource(string directory, IReadOnlyDictionary<string, byte[]> generated) : IFileSource
{
    public byte[]? TryRead(string path, out string? error)
    {
        error = null;
        if (generated.TryGetValue(path, out var bytes))
        {
            return bytes;
        }

        var full = Path.GetFullPath(Path.Combine(directory, path));
        if (Directory.Exists(full))
        {
            error = "it is a directory";
            return null;
        }

        if (!File.Exists(full))
        {
            error = Directory.Exists(Path.GetDirectoryName(full)) ? "no such file" : "no such directory";
            return null;
        }

        return File.ReadAllBytes(full);
    }
}
