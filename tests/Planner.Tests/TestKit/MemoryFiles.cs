using System.Text;
using Planner.Plans;

namespace Planner.Tests.TestKit;

/// <summary>Plan and cluster files held in memory, by path.</summary>
internal sealed class MemoryFiles : IFileSource
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public MemoryFiles Add(string path, string text)
    {
        _files[path] = Encoding.UTF8.GetBytes(text);
        return this;
    }

    public byte[]? TryRead(string path, out string? error)
    {
        error = _files.ContainsKey(path) ? null : "no such file";
        return _files.GetValueOrDefault(path);
    }
}
