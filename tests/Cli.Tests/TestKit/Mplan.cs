namespace Cli.Tests.TestKit;

/// <summary>Runs mplan in memory, from the repository root, and captures what it prints.</summary>
internal static class Mplan
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = await CliApp.RunAsync(args, output, error, new FileSystemSource(), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
