using System.Runtime.CompilerServices;

namespace Cli.Tests.TestKit;

/// <summary>Locates the repository and makes it the working directory, so paths in outputs are the same on every machine.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    [ModuleInitializer]
    internal static void UseRootAsWorkingDirectory() => Environment.CurrentDirectory = Root;

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Planner.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Planner.sln not found above the test binaries.");
    }
}
