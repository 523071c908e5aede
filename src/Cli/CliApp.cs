using System.CommandLine;
using Cli.Commands;
using Planner.Plans;

namespace Cli;

/// <summary>Builds the command tree and runs it against the given output streams and file source.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IFileSource files, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var context = new CliContext(output, error, files, environment);
        var root = new RootCommand("mplan: plan, simulate and apply cloud maintenance (Octavia, MOSK, dcmanager, Kubernetes).")
        {
            ValidateCommand.Create(context),
            PlanCommand.Create(context),
            ClusterCommand.Create(context),
            CertsCommand.Create(context),
            InventoryCommand.Create(context),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration, cancellationToken);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"mplan: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}

/// <summary>What every command needs from the outside world.</summary>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Files">Where plan and cluster files are read from.</param>
/// <param name="Environment">The OS_* variables for OpenStack commands; null means this process's environment.</param>
internal sealed record CliContext(TextWriter Output, TextWriter Error, IFileSource Files, IReadOnlyDictionary<string, string>? Environment = null);
