using Cli;

// The composition root: real files, real console, real drivers. Everything else is in CliApp so tests can run it in memory.
var context = new CliContext(Console.Out, Console.Error, new FileSystemSource())
{
    Input = Console.In,
    IsInteractive = !Console.IsInputRedirected,
    IsTerminal = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null or "" or "false",
    OnInterrupt = ConsoleInterrupts.Register,
};
context = context with { Drivers = (plan, connections) => RealDrivers.For(context, plan, connections),
    ClusterLocks = (plan, connections, token) => RealDrivers.LockClustersAsync(context, plan, connections, token), LiveInventory = new OctaviaLiveInventory(context) };
return await CliApp.RunAsync(args, context, CancellationToken.None);
