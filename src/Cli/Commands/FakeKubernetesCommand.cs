using System.CommandLine;
using System.Globalization;
using Planner.Diagnostics;
using Planner.Plans;
using Cli.Views;
using Simulator.Fakes;
using Simulator.Fakes.Kubernetes;

namespace Cli.Commands;

/// <summary>
/// <c>mplan fake kubernetes CLUSTER_FILE [--listen 127.0.0.1:PORT] [--kubeconfig-out FILE] [--clouds-out FILE] [--speed N]</c>:
/// serves the cluster file's MOSK Kubernetes API (and its management cluster's on the next free port) with Rockoon, LCM
/// and DaemonSet actors, and writes a kubeconfig for both; with <c>--clouds-out</c>, also Keystone and Nova with the
/// nodes' instances (for <c>mplan inventory --os-cloud</c>) and a clouds.yaml for them.
/// </summary>
internal static class FakeKubernetesCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("CLUSTER_FILE") { Description = "The cluster file whose objects to serve (nodes, OpenStackDeployment, DaemonSets, management cluster)." };
        var listen = FakeCommand.Listen();
        var speed = FakeCommand.Speed();
        var kubeconfig = new Option<string?>("--kubeconfig-out")
        {
            Description = "Write a kubeconfig for the fake's contexts (it holds the token; created readable by you only).",
            HelpName = "FILE",
        };
        var cloudsOut = new Option<string?>("--clouds-out")
        {
            Description = "Also serve Keystone and Nova (the nodes' instances) on a free loopback port, and write a clouds.yaml for them to FILE (it holds the password).",
            HelpName = "FILE",
        };
        var command = new Command("kubernetes", "Serve a fake MOSK Kubernetes API (Rockoon, LCM, DaemonSets) and its management cluster's from a cluster file.")
        {
            file, listen, speed, kubeconfig, cloudsOut,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (await FakeCommand.ReadInputsAsync(context, parseResult, file, speed, listen) is not { } inputs)
            {
                return ExitCodes.Failed;
            }

            var factor = inputs.Speed;
            var fake = await FakeKubernetes.StartAsync(inputs.Cluster, new FakeKubernetesOptions { Listen = inputs.Listen, Speed = factor }, cancellationToken);
            var path = parseResult.GetValue(kubeconfig);
            if (path is not null)
            {
                fake.WriteKubeconfig(path);
            }

            var banner = Banner(fake, path, factor).ToList();
            Simulator.Fakes.Keystone.FakeOpenStack? openstack = null;
            if (parseResult.GetValue(cloudsOut) is { } clouds)
            {
                openstack = await Simulator.Fakes.Keystone.FakeOpenStack.StartAsync(inputs.Cluster, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), cancellationToken);
                var cloud = inputs.Cluster.OpenStackCloud ?? inputs.Cluster.Name;
                PrivateFile.Write(clouds, openstack.CloudsYaml(cloud));
                banner.Add($"  OpenStack       {openstack.Url}v3 (Keystone), {openstack.ComputeUrl} (Nova)  clouds.yaml {clouds}, cloud {cloud}");
            }

            return await FakeCommand.ServeUntilInterruptedAsync(context, new Both(fake, openstack), banner, cancellationToken);
        });
        return command;
    }

    // The Kubernetes fake and, when asked for, the OpenStack one: stopped together.
    private sealed class Both(FakeKubernetes kubernetes, Simulator.Fakes.Keystone.FakeOpenStack? openstack) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (openstack is not null)
            {
                await openstack.DisposeAsync();
            }

            await kubernetes.DisposeAsync();
        }
    }

    private static IEnumerable<string> Banner(FakeKubernetes fake, string? kubeconfig, double speed)
    {
        yield return $"fake kubernetes for cluster '{fake.Inventory.Name}' ({fake.Inventory.SourceFile}), actors at {speed.ToString(CultureInfo.InvariantCulture)}x speed";
        yield return $"  MOSK API        {fake.Url}  context {fake.Context}";
        yield return fake.HasSeparateManagement
            ? $"  management API  {fake.ManagementUrl}  context {fake.ManagementContext}"
            : "  management API  the MOSK API (the cluster file names no separate management context)";
        yield return kubeconfig is null
            ? "  no kubeconfig written: give --kubeconfig-out FILE to get one with the CA and token"
            : $"  kubeconfig      {kubeconfig}  (export KUBECONFIG={kubeconfig}; kubectl --context {fake.Context} get nodes)";
    }
}
