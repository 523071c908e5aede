using System.Text;
using Planner.Plans;

namespace Tests.Shared;

/// <summary>
/// Plan and cluster files held in memory, by path, for tests. With <c>diskBehind</c>, paths not added are read from
/// disk (the example plans); with <c>behind</c>, from that source (the CLI's real one); otherwise they are missing.
/// </summary>
internal sealed class MemoryFiles(bool diskBehind = false, IFileSource? behind = null) : IFileSource
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public MemoryFiles Add(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    public MemoryFiles Add(string path, byte[] bytes)
    {
        _files[path] = bytes;
        return this;
    }

    public byte[]? TryRead(string path, out string? error)
    {
        error = null;
        if (_files.TryGetValue(path, out var bytes))
        {
            return bytes;
        }

        if (behind is not null)
        {
            return behind.TryRead(path, out error);
        }

        if (diskBehind && File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        error = "no such file";
        return null;
    }
}
