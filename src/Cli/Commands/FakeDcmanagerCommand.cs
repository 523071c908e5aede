using System.CommandLine;
using System.Globalization;
using Cli.Views;
using Planner.Diagnostics;
using Planner.Plans;
using Simulator.Behaviour;
using Simulator.Fakes;
using Simulator.Fakes.Dcmanager;

namespace Cli.Commands;

/// <summary>
/// <c>mplan fake dcmanager CLUSTER_FILE [--listen 127.0.0.1:PORT] [--clouds-out FILE] [--speed N] [--release R]</c>:
/// a fake StarlingX system controller (Keystone + dcmanager) with the cluster file's subclouds, groups and behaviour,
/// and a clouds.yaml whose cloud is named as the cluster, for <c>mplan apply PLAN --os-cloud NAME</c>.
/// </summary>
internal static class FakeDcmanagerCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("CLUSTER_FILE") { Description = "The cluster file with the subclouds, groups and behaviour to serve." };
        var listen = FakeCommand.Listen();
        var speed = FakeCommand.Speed();
        var cloudsOut = new Option<string?>("--clouds-out") { Description = "Write a clouds.yaml for the fake to FILE (it holds the fake's password).", HelpName = "FILE" };
        var release = new Option<string>("--release")
        {
            Description = "The StarlingX release to behave as: 10.0, 11.0 or 12.0.",
            HelpName = "RELEASE",
            DefaultValueFactory = _ => DcmanagerRelease.V12.Name,
        };
        var command = new Command("dcmanager", "Serve a fake StarlingX system controller (Keystone and dcmanager's kube-rootca-update orchestration).")
        {
            file, listen, cloudsOut, speed, release,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (DcmanagerRelease.Find(parseResult.GetValue(release)) is not { } version)
            {
                await context.Error.WriteLineAsync($"mplan: --release {parseResult.GetValue(release)}: use 10.0, 11.0 or 12.0");
                return ExitCodes.Failed;
            }

            if (await FakeCommand.ReadInputsAsync(context, parseResult, file, speed, listen) is not { } inputs)
            {
                return ExitCodes.Failed;
            }

            var (cluster, factor, endpoint) = (inputs.Cluster, inputs.Speed, inputs.Listen);
            var diagnostics = new DiagnosticBag();
            var behaviour = BehaviourBinder.Bind(cluster, diagnostics);
            DiagnosticsView.Write(context.Error, diagnostics.Sorted());
            if (behaviour is null || diagnostics.HasErrors)
            {
                return ExitCodes.Failed;
            }

            if (cluster.Subclouds.IsEmpty)
            {
                await context.Error.WriteLineAsync($"mplan: {path} has no subclouds: a system controller needs some (see plans/clusters/dc-central.yaml)");
                return ExitCodes.Failed;
            }

            var fake = await FakeDcmanager.StartAsync(cluster, behaviour, version, endpoint, factor, TimeProvider.System, cancellationToken);
            var banner = new List<string>
            {
                $"fake dcmanager {version.Name} for cluster {cluster.Name}: {cluster.Subclouds.Length} subclouds, speed {factor.ToString(CultureInfo.InvariantCulture)}x",
                $"keystone: {fake.Url}v3  dcmanager: {fake.Url}v1.0",
            };
            if (parseResult.GetValue(cloudsOut) is { } clouds)
            {
                Simulator.Fakes.PrivateFile.Write(clouds, fake.CloudsYaml(cluster.Name));

                banner.Add($"clouds.yaml: {clouds} (cloud '{cluster.Name}'): OS_CLIENT_CONFIG_FILE={clouds} mplan apply PLAN --os-cloud {cluster.Name}");
            }
            else
            {
                banner.Add("no --clouds-out FILE given: mplan cannot authenticate to this fake without one");
            }

            return await FakeCommand.ServeUntilInterruptedAsync(context, fake, banner, cancellationToken);
        });
        return command;
    }
}
