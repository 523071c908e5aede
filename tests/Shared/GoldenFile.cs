namespace Tests.Shared;

/// <summary>
/// The one golden-file assertion of the test projects (Verify.Xunit does not restore here): the expected text lives
/// in a file beside the tests. Run with UPDATE_GOLDEN=1 to rewrite the files, then review the diff like code.
/// </summary>
internal static class GoldenFile
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static void Assert(string path, string actual)
    {
        actual = Normalize(actual);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Xunit.Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 and review it");
        Xunit.Assert.Equal(Normalize(File.ReadAllText(path)), actual);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
