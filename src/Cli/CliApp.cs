using System.CommandLine;
using Cli.Commands;
using Planner.Plans;

namespace Cli;

/// <summary>Builds the command tree and runs it against the given output streams and file source.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IFileSource files, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(args, new CliContext(output, error, files) { Environment = environment }, cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var (output, error) = (context.Output, context.Error);
        var root = new RootCommand("mplan: plan, simulate and apply cloud maintenance (Octavia, MOSK, dcmanager, Kubernetes).")
        {
            ValidateCommand.Create(context),
            PlanCommand.Create(context),
            SimulateCommand.Create(context),
            ClusterCommand.Create(context),
            CertsCommand.Create(context),
            ShowCommand.Create(context),
            AbortCommand.Create(context),
            ApproveCommand.Create(context),
            ApplyCommand.Create(context),
            CalibrateCommand.Create(context),
            InventoryCommand.Create(context),
            FakeCommand.Create(context),
        };
        var debug = new Option<bool>("--debug") { Description = "On an internal error, print its stack trace too.", Recursive = true };
        root.Options.Add(debug);
        // Ctrl-C is the commands' to interpret (apply: once = stop starting, twice = cancel), not a process kill.
        // Exceptions are ours to report (InternalError), not System.CommandLine's, which prints a stack trace.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        ParseResult? parsed = null;
        try
        {
            parsed = root.Parse(args);
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Writing an output the operator named (--out, --trace) failed: the disk's problem, not a bug.
            await error.WriteLineAsync($"mplan: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            return InternalError.Report(error, e, parsed?.GetValue(debug) ?? args.Contains("--debug", StringComparer.Ordinal));
        }
    }
}

/// <summary>What every command needs from the outside world. Tests replace the parts that touch a terminal or a cloud.</summary>
internal sealed record CliContext(TextWriter Output, TextWriter Error, IFileSource Files)
{
    /// <summary>The OS_* variables for OpenStack commands; null means this process's environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Reads one variable: from <see cref="Environment"/> when given, else from this process's environment.</summary>
    public Func<string, string?> Variable => Environment is { } variables ? name => variables.GetValueOrDefault(name) : System.Environment.GetEnvironmentVariable;

    /// <summary>The operator's answers (apply's confirmation).</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>Someone can answer a question on <see cref="Input"/>.</summary>
    public bool IsInteractive { get; init; }

    /// <summary>Output goes to a terminal that can redraw (live progress bars); false in CI and pipes.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>The drivers apply uses for a plan, given the endpoints the command line named.</summary>
    public Func<Planner.Plans.ResolvedPlan, Connections, IReadOnlyList<Executor.Drivers.IStepDriver>> Drivers { get; init; } = (_, _) => [];

    /// <summary>
    /// Takes the cross-machine locks of the plan's clusters (a Lease on each Kubernetes cluster) once the journal's file
    /// lock is held; none in tests unless given.
    /// </summary>
    public Func<Planner.Plans.ResolvedPlan, Connections, CancellationToken, Task<IAsyncDisposable>> ClusterLocks { get; init; } =
        (_, _, _) => Task.FromResult<IAsyncDisposable>(new NoLocks());

    /// <summary>The live inventory apply compares a plan with before it runs (none in tests unless given).</summary>
    public ILiveInventory LiveInventory { get; init; } = new NoLiveInventory();

    /// <summary>Registers a Ctrl-C handler for the duration of a command (the console's in the tool; none in tests).</summary>
    public Func<Action, IDisposable> OnInterrupt { get; init; } = _ => new NoInterrupts();

    /// <summary>Spectre.Console over <see cref="Output"/>, for live progress.</summary>
    public Spectre.Console.IAnsiConsole Console() =>
        Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(Output) });

    private sealed class NoLocks : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class NoInterrupts : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary>
/// The endpoints the command line names for a run, each overriding its cluster file: <c>--os-cloud</c> (a clouds.yaml
/// entry), <c>--kubeconfig</c> (a kubeconfig file, else <c>KUBECONFIG</c>) and <c>--context</c> (the MOSK cluster's
/// context).
/// </summary>
internal sealed record Connections(string? OsCloud = null, string? Kubeconfig = null, string? KubeContext = null)
{
    /// <summary>The run the drivers are part of (journal, time zero, stop signal); apply sets it.</summary>
    public Executor.Drivers.RunHandle? Run { get; init; }
}
