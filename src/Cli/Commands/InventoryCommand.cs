using System.CommandLine;
using System.Text;
using Executor.OpenStack;

namespace Cli.Commands;

/// <summary><c>mplan inventory</c>: read a live Octavia and write what it holds as a cluster file that <c>mplan plan</c> reads.</summary>
internal static class InventoryCommand
{
    public static Command Create(CliContext context)
    {
        var cloud = new Option<string?>("--os-cloud")
        {
            Description = "The clouds.yaml entry to use (default: $OS_CLOUD, else the OS_* environment variables).",
            HelpName = "NAME",
        };
        var output = new Option<string?>("--out") { Description = "Write the cluster file to FILE instead of standard output.", HelpName = "FILE" };
        var name = new Option<string?>("--name") { Description = "The cluster's name (metadata.name); default: the cloud's name.", HelpName = "CLUSTER" };
        var pageSize = new Option<int>("--page-size")
        {
            Description = "Objects per API page (Octavia's maximum is 1000).",
            HelpName = "N",
            DefaultValueFactory = _ => OctaviaClient.DefaultPageSize,
        };
        var command = new Command("inventory", "Read the load balancers and amphorae (with certificate expiry) of a live Octavia and write a cluster file.")
        {
            cloud, output, name, pageSize,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var cloudName = parseResult.GetValue(cloud);
            var path = parseResult.GetValue(output);
            if (parseResult.GetValue(pageSize) < 1)
            {
                await context.Error.WriteLineAsync("mplan: --page-size must be at least 1");
                return ExitCodes.Failed;
            }

            try
            {
                var config = RealDrivers.Loader(context).Load(cloudName);
                using var session = new OpenStackSession(config);
                var client = new OctaviaClient(session);
                var progress = new StderrProgress(context.Error);
                var snapshot = await OctaviaInventory.ReadAsync(client, progress, cancellationToken);
                var clusterName = parseResult.GetValue(name) ?? (config.Name == "envvars" ? "openstack" : config.Name);
                var generatedBy = "mplan inventory" + (cloudName is null ? "" : $" --os-cloud {cloudName}");
                var text = new StringWriter { NewLine = "\n" };
                OctaviaInventory.WriteYaml(text, snapshot, clusterName, config.Name == "envvars" ? null : config.Name, config.RegionName, generatedBy);
                if (path is null)
                {
                    await context.Output.WriteAsync(text.ToString());
                }
                else
                {
                    await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(false), cancellationToken);
                    await context.Error.WriteLineAsync($"mplan: wrote {snapshot.LoadBalancers.Count} load balancer(s) to {path}");
                }

                return ExitCodes.Success;
            }
            catch (OpenStackException e)
            {
                await context.Error.WriteLineAsync($"mplan: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"mplan: cannot write {path}: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    // One line per page, so a listing of many thousands shows it is moving.
    private sealed class StderrProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine($"mplan: read {value}");
    }
}
