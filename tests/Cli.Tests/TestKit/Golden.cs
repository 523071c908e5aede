namespace Cli.Tests.TestKit;

/// <summary>
/// Golden-file assertions: the expected output lives in tests/Cli.Tests/golden/. Run with UPDATE_GOLDEN=1 to rewrite
/// the files, then review the diff like code.
/// </summary>
internal static class Golden
{
    public static void Assert(string actual, string name)
    {
        var path = Path.Combine(Repository.Root, "tests", "Cli.Tests", "golden", name);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Xunit.Assert.True(File.Exists(path), $"golden file {name} is missing; run the tests with UPDATE_GOLDEN=1 and review it");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Xunit.Assert.Equal(expected, actual);
    }
}
