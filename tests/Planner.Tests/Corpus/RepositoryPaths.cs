namespace Planner.Tests.Corpus;

/// <summary>Finds the repository's files from the test binary's folder, so tests read the real schemas and test data.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string BrokenCases => Path.Combine(Root, "tests", "testdata", "broken");

    public static string Schemas => Path.Combine(Root, "schemas");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Planner.sln")) && Directory.Exists(Path.Combine(directory.FullName, "schemas")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find the repository root above {AppContext.BaseDirectory}.");
    }
}
