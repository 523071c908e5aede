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
        var kubeconfig = CommonOptions.Kubeconfig();
        var kubeContext = CommonOptions.KubeContext();
        var command = new Command("inventory",
            "Read a live cluster and write a cluster file: Octavia's load balancers and amphorae, or a StarlingX system controller's subclouds, groups and kube-rootca sync status (--os-cloud), and MOSK's OpenStackDeployment and nodes (--kubeconfig, --context).")
        {
            cloud, output, name, pageSize, kubeconfig, kubeContext,
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

            var kube = parseResult.GetValue(kubeconfig) is not null || parseResult.GetValue(kubeContext) is not null;
            if (kube)
            {
                return await KubeInventoryAsync(context, parseResult.GetValue(kubeconfig), parseResult.GetValue(kubeContext), cloudName,
                    parseResult.GetValue(name), path, cancellationToken);
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

    // The MOSK sections from the Kubernetes API; with --os-cloud too, Octavia's load balancers in the same file. Each
    // node's instances come from Nova when the cloud answers; otherwise the file is written without them, and says why.
    private static async Task<int> KubeInventoryAsync(CliContext context, string? kubeconfig, string? kubeContext, string? cloudName, string? name,
        string? path, CancellationToken cancellationToken)
    {
        try
        {
            var connector = Executor.Kubernetes.KubeConnector.Load(kubeconfig, context.Variable);
            var contextName = kubeContext ?? connector.CurrentContext ?? "in-cluster";
            var snapshot = await Executor.Kubernetes.KubeSnapshot.ReadAsync(connector.Connect(kubeContext), contextName, cancellationToken);
            var generatedBy = "mplan inventory" + (kubeconfig is null ? "" : $" --kubeconfig {kubeconfig}") + (kubeContext is null ? "" : $" --context {kubeContext}") +
                (cloudName is null ? "" : $" --os-cloud {cloudName}");
            var text = new StringWriter { NewLine = "\n" };
            var clusterName = name ?? contextName;
            var notes = new List<string>();
            var (config, noCloud) = LoadCloud(context, cloudName);
            var (servers, why) = config is null ? (null, noCloud) : await ReadServersAsync(config, cancellationToken);
            snapshot = snapshot with { Servers = servers };
            var octavia = cloudName is null ? null : await ReadOctaviaAsync(context, config!, notes, cancellationToken);
            if (octavia is not null)
            {
                OctaviaInventory.WriteYaml(text, octavia, clusterName, config!.Name == "envvars" ? null : config.Name, config.RegionName, generatedBy);
            }
            else
            {
                OctaviaInventory.WriteHeader(text, "The live MOSK inventory as a cluster file (schemas/cluster.v1.schema.json).", clusterName,
                    cloudName is null || config is null || config.Name == "envvars" ? null : config.Name, config?.RegionName, generatedBy);
            }

            snapshot.WriteSections(text);
            notes.Add(servers is null ? $"instance counts were not read (nodes have no instances in the file): {why}" : snapshot.ServersSummary());
            if (path is null)
            {
                await context.Output.WriteAsync(text.ToString());
            }
            else
            {
                await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(false), cancellationToken);
                await context.Error.WriteLineAsync($"mplan: wrote {snapshot.Nodes.Count} node(s)" +
                    (snapshot.Deployment is null ? " (no OpenStackDeployment found)" : " and the OpenStackDeployment") + $" to {path}");
            }

            foreach (var note in notes)
            {
                await context.Error.WriteLineAsync($"mplan: {note}");
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is Executor.Kubernetes.KubeAccessException or Executor.Kubernetes.KubeApiException or OpenStackException)
        {
            await context.Error.WriteLineAsync($"mplan: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"mplan: cannot write {path}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    // The cloud of --os-cloud, else OS_CLOUD or the OS_* variables; none configured is a reason, not an error.
    private static (CloudConfig? Config, string? Why) LoadCloud(CliContext context, string? cloudName)
    {
        try
        {
            return (RealDrivers.Loader(context).Load(cloudName), null);
        }
        catch (OpenStackException e) when (cloudName is null)
        {
            return (null, $"no OpenStack cloud to ask (give --os-cloud NAME): {e.Message}");
        }
    }

    // Every Nova server, or why not: Nova unreachable, refused, or absent from the catalog does not stop the inventory.
    private static async Task<(IReadOnlyList<NovaServer>? Servers, string? Why)> ReadServersAsync(CloudConfig config, CancellationToken cancellationToken)
    {
        if (config.AuthKind == AuthKind.None)
        {
            return (null, $"cloud '{config.Name}' has auth_type none, so no Keystone catalog to find Nova (compute) in");
        }

        try
        {
            using var session = new OpenStackSession(config, serviceType: "compute");
            var reads = new ReadRetryOptions { MaxRetries = 2 }; // an unreachable Nova should not hold up the Kubernetes inventory for long
            var servers = await new NovaClient(session, reads).ListServersAsync(cancellationToken: cancellationToken);
            return (servers, null);
        }
        catch (OpenStackException e)
        {
            return (null, e.Message);
        }
    }

    // Octavia's load balancers for --os-cloud; a cloud whose catalog has no Octavia has none to list.
    private static async Task<OctaviaSnapshot?> ReadOctaviaAsync(CliContext context, CloudConfig config, List<string> notes, CancellationToken cancellationToken)
    {
        try
        {
            using var session = new OpenStackSession(config);
            return await OctaviaInventory.ReadAsync(new OctaviaClient(session), new StderrProgress(context.Error), cancellationToken);
        }
        catch (OpenStackException e) when (e.Status is null && !e.NoAnswer && e.Message.Contains("catalog has no 'load-balancer' service", StringComparison.Ordinal))
        {
            notes.Add($"load balancers were not read: {e.Message}");
            return null;
        }
    }

    // One line per page, so a listing of many thousands shows it is moving.
    private sealed class StderrProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine($"mplan: read {value}");
    }
}
