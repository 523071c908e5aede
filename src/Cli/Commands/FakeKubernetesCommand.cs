using System.CommandLine;
using System.Globalization;
using Planner.Diagnostics;
using Planner.Plans;
using Cli.Views;
using Simulator.Fakes;
using Simulator.Fakes.Kubernetes;

namespace Cli.Commands;

/// <summary>
/// <c>mplan fake kubernetes CLUSTER_FILE [--listen 127.0.0.1:PORT] [--kubeconfig-out FILE] [--speed N]</c>: serves the
/// cluster file's MOSK Kubernetes API (and its management cluster's on the next free port) with Rockoon, LCM and
/// DaemonSet actors, and writes a kubeconfig for both.
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
        var command = new Command("kubernetes", "Serve a fake MOSK Kubernetes API (Rockoon, LCM, DaemonSets) and its management cluster's from a cluster file.")
        {
            file, listen, speed, kubeconfig,
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

            return await FakeCommand.ServeUntilInterruptedAsync(context, fake, Banner(fake, path, factor), cancellationToken);
        });
        return command;
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
