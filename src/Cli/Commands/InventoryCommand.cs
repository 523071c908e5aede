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
        var command = new Command("inventory", "Read a live cloud and write a cluster file: Octavia's load balancers and amphorae (with certificate expiry), or a StarlingX system controller's subclouds, groups and kube-rootca sync status.")
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
                if (await SystemControllerAsync(config, cancellationToken) is { } dcmanager)
                {
                    return await WriteSubcloudsAsync(context, dcmanager, config, cloudName, parseResult.GetValue(name), path, cancellationToken);
                }

                using var session = new OpenStackSession(config);
                var client = new OctaviaClient(session);
                var progress = new StderrProgress(context.Error);
                var snapshot = await OctaviaInventory.ReadAsync(client, progress, cancellationToken);
                var clusterName = parseResult.GetValue(name) ?? (config.Name == "envvars" ? "openstack" : config.Name);
                var generatedBy = "mplan inventory" + (cloudName is null ? "" : $" --os-cloud {cloudName}");
                var text = new StringWriter { NewLine = "\n" };
                OctaviaInventory.WriteYaml(text, snapshot, clusterName, config.Name == "envvars" ? null : config.Name, config.RegionName, generatedBy);
                return await EmitAsync(context, text.ToString(), path, $"{snapshot.LoadBalancers.Count} load balancer(s)", cancellationToken);
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

    // A cloud whose catalog has dcmanager is a StarlingX system controller: its inventory is its subclouds.
    private static async Task<Executor.Dcmanager.DcmanagerClient?> SystemControllerAsync(CloudConfig config, CancellationToken cancellationToken)
    {
        if (config.AuthKind == AuthKind.None)
        {
            return null;
        }

        var session = new OpenStackSession(config, serviceType: "dcmanager");
        try
        {
            await session.ConnectAsync(cancellationToken);
            return new Executor.Dcmanager.DcmanagerClient(session);
        }
        catch (OpenStackException e) when (e.Status is null && !e.NoAnswer)
        {
            session.Dispose();
            return null; // No dcmanager in the catalog: an Octavia cloud.
        }
    }

    private static async Task<int> WriteSubcloudsAsync(CliContext context, Executor.Dcmanager.DcmanagerClient client, CloudConfig config, string? cloudName,
        string? name, string? path, CancellationToken cancellationToken)
    {
        using var session = client.Session;
        var snapshot = await Executor.Dcmanager.SubcloudInventory.ReadAsync(client, cancellationToken);
        var generatedBy = "mplan inventory" + (cloudName is null ? "" : $" --os-cloud {cloudName}");
        var text = new StringWriter { NewLine = "\n" };
        Executor.Dcmanager.SubcloudInventory.WriteYaml(text, snapshot, name ?? (config.Name == "envvars" ? "system-controller" : config.Name),
            config.Name == "envvars" ? null : config.Name, config.RegionName, generatedBy);
        return await EmitAsync(context, text.ToString(), path, $"{snapshot.Subclouds.Count} subcloud(s) in {snapshot.Groups.Count} group(s)", cancellationToken);
    }

    // The cluster file on standard output, or in FILE with a line on standard error saying what it holds.
    private static async Task<int> EmitAsync(CliContext context, string text, string? path, string holds, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            await context.Output.WriteAsync(text);
        }
        else
        {
            await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), cancellationToken);
            await context.Error.WriteLineAsync($"mplan: wrote {holds} to {path}");
        }

        return ExitCodes.Success;
    }

    // One line per page, so a listing of many thousands shows it is moving.
    private sealed class StderrProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine($"mplan: read {value}");
    }
}
