using Tests.Shared;

namespace Cli.Tests.TestKit;

/// <summary>The CLI's goldens, in tests/Cli.Tests/golden/ (see <see cref="GoldenFile"/>).</summary>
internal static class Golden
{
    public static void Assert(string actual, string name) =>
        GoldenFile.Assert(Path.Combine(Repository.Root, "tests", "Cli.Tests", "golden", name), actual);
}
