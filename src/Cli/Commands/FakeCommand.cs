using System.CommandLine;
using System.Runtime.InteropServices;

namespace Cli.Commands;

/// <summary>
/// <c>mplan fake kubernetes|dcmanager CLUSTER_FILE</c>: serves a faithful fake of a cluster's API on loopback, built
/// from the same cluster file the simulator reads, for rehearsals and tests. It serves until interrupted.
/// </summary>
internal static class FakeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("fake", "Serve a fake cluster API on loopback from a cluster file, to rehearse an apply against it.");
        // Each fake adds its subcommand here.
        command.Subcommands.Add(FakeDcmanagerCommand.Create(context));
        command.Subcommands.Add(FakeKubernetesCommand.Create(context));
        return command;
    }

    /// <summary>The <c>--speed N</c> option every fake takes: its actors' clocks run N times faster.</summary>
    public static Option<double> Speed() => new("--speed")
    {
        Description = "Run the fake's actors (controllers, jobs, timers) N times faster than real time.",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
    };

    /// <summary>The <c>--listen HOST:PORT</c> option every fake takes (default: 127.0.0.1 on a free port).</summary>
    public static Option<string?> Listen() => new("--listen") { Description = "The loopback address and port to serve on (default: a free port on 127.0.0.1).", HelpName = "HOST:PORT" };

    /// <summary>
    /// What every fake reads from its command line: the cluster file (loaded, its diagnostics printed), a speed above
    /// zero and the address to listen on. Null, after saying why, when one of them is wrong.
    /// </summary>
    /// <param name="context">The command's context.</param>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="file">The CLUSTER_FILE argument.</param>
    /// <param name="speed">The <c>--speed</c> option.</param>
    /// <param name="listen">The <c>--listen</c> option.</param>
    public static async Task<FakeInputs?> ReadInputsAsync(CliContext context, ParseResult parseResult, Argument<string> file, Option<double> speed,
        Option<string?> listen)
    {
        var diagnostics = new Planner.Diagnostics.DiagnosticBag();
        var cluster = Planner.Plans.PlanBuilder.LoadCluster(parseResult.GetValue(file)!, context.Files, diagnostics);
        Views.DiagnosticsView.Write(context.Error, diagnostics.Sorted());
        if (cluster is null || diagnostics.HasErrors)
        {
            return null;
        }

        var factor = parseResult.GetValue(speed);
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            await context.Error.WriteLineAsync("mplan: --speed must be a number above 0");
            return null;
        }

        try
        {
            return new FakeInputs(cluster, factor, Simulator.Fakes.FakeHost.ParseListen(parseResult.GetValue(listen)));
        }
        catch (FormatException e)
        {
            await context.Error.WriteLineAsync($"mplan: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Says where the fake serves and how to use it, then waits for Ctrl-C, SIGTERM or the command's cancellation, and stops it.
    /// </summary>
    /// <param name="context">The command's context.</param>
    /// <param name="server">The running fake; disposed on return.</param>
    /// <param name="banner">Lines that say what is served and how to point mplan at it.</param>
    /// <param name="cancellationToken">Ends the serving, as Ctrl-C does.</param>
    public static async Task<int> ServeUntilInterruptedAsync(CliContext context, IAsyncDisposable server, IEnumerable<string> banner,
        CancellationToken cancellationToken)
    {
        await using (server)
        {
            foreach (var line in banner)
            {
                await context.Output.WriteLineAsync(line);
            }

            await context.Output.WriteLineAsync("serving until interrupted (Ctrl-C)");
            await context.Output.FlushAsync(cancellationToken);
            var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var interrupts = context.OnInterrupt(() => interrupted.TrySetResult());
            using var cancelled = cancellationToken.Register(() => interrupted.TrySetResult());
            // SIGTERM (kill, docker stop, systemd) stops it as Ctrl-C does. Without this the web host's own handler
            // took the signal, stopped the host and left this wait, and so the process, running.
            using var terminated = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                interrupted.TrySetResult();
            });
            await interrupted.Task;
            await context.Output.WriteLineAsync("stopped");
        }

        return ExitCodes.Success;
    }
}

/// <summary>A fake's inputs, checked: the cluster file, its clock's speed and where to listen.</summary>
internal sealed record FakeInputs(Planner.Model.ClusterInventory Cluster, double Speed, System.Net.IPEndPoint Listen);
