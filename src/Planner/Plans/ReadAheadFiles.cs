using System.Security.Cryptography;

namespace Planner.Plans;

/// <summary>
/// Files read and hashed on another core before they are asked for: the cluster files named on the command line, while
/// the plan is read and checked. The 100k-LB plan's 39 MB cluster file takes ~0.08 s to read and hash, and the other
/// core has little else to do then. Any other file is read when asked for, as <paramref name="files"/> reads it.
/// </summary>
internal sealed class ReadAheadFiles(IFileSource files, IEnumerable<string> paths) : IFileSource
{
    private readonly Dictionary<string, Task<Read>> _ahead = paths.Distinct(StringComparer.Ordinal)
        .ToDictionary(path => path, path => Task.Run(() => Read.Of(files, path)), StringComparer.Ordinal);

    public byte[]? TryRead(string path, out string? error)
    {
        if (_ahead.TryGetValue(path, out var ahead))
        {
            var read = ahead.GetAwaiter().GetResult();
            error = read.Error;
            return read.Bytes;
        }

        return files.TryRead(path, out error);
    }

    /// <summary>The lower-case hex SHA-256 of <paramref name="bytes"/>, from the read-ahead when they came from it.</summary>
    public string Sha256Of(string path, byte[] bytes) =>
        _ahead.TryGetValue(path, out var ahead) && ahead.GetAwaiter().GetResult() is { Bytes: { } read, Sha256: { } hash } && ReferenceEquals(read, bytes)
            ? hash
            : Hash(bytes);

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private sealed record Read(byte[]? Bytes, string? Error, string? Sha256)
    {
        public static Read Of(IFileSource files, string path)
        {
            var bytes = files.TryRead(path, out var error);
            return new Read(bytes, error, bytes is null ? null : Hash(bytes));
        }
    }
}
