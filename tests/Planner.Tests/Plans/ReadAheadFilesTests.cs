using System.Security.Cryptography;
using System.Text;
using Planner.Plans;
using Tests.Shared;

namespace Planner.Tests.Plans;

/// <summary>Cluster files named on the command line, read and hashed ahead: what a reader gets is what it would have read.</summary>
public sealed class ReadAheadFilesTests
{
    [Fact]
    public void TryRead_PathReadAhead_SameBytesReadOnceAndTheirHash()
    {
        // Given: a source that counts its reads
        var counting = new CountingFiles(new MemoryFiles().Add("c.json", "{\"kind\": \"Cluster\"}"));
        var files = new ReadAheadFiles(counting, ["c.json", "c.json"]);

        // When: read twice (one file named for two clusters)
        var first = files.TryRead("c.json", out var error);
        var again = files.TryRead("c.json", out _);

        // Then
        Assert.Null(error);
        Assert.Equal("{\"kind\": \"Cluster\"}", Encoding.UTF8.GetString(first!));
        Assert.Same(first, again);
        Assert.Equal(1, counting.Reads);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first!)), files.Sha256Of("c.json", first!));
    }

    [Fact]
    public void TryRead_UnreadableOrNotAhead_AsTheSourceSaysIt()
    {
        // Given
        var source = new MemoryFiles().Add("plan.yaml", "kind: MaintenancePlan\n");
        var files = new ReadAheadFiles(source, ["missing.json"]);

        // When
        var missing = files.TryRead("missing.json", out var aheadError);
        source.TryRead("missing.json", out var sourceError);
        var plan = files.TryRead("plan.yaml", out var planError);

        // Then: the same refusal, word for word, and other paths read through
        Assert.Null(missing);
        Assert.NotNull(aheadError);
        Assert.Equal(sourceError, aheadError);
        Assert.Null(planError);
        Assert.Equal("kind: MaintenancePlan\n", Encoding.UTF8.GetString(plan!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plan!)), files.Sha256Of("plan.yaml", plan!));
    }

    private sealed class CountingFiles(IFileSource inner) : IFileSource
    {
        private int _reads;

        public int Reads => _reads;

        public byte[]? TryRead(string path, out string? error)
        {
            Interlocked.Increment(ref _reads);
            return inner.TryRead(path, out error);
        }
    }
}
