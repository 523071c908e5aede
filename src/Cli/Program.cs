using System.Text;
using Cli;

// The composition root: real files, real console, real drivers. Everything else is in CliApp so tests can run it in memory.
// Commands that read a plan need its validators (JsonSchema.Net's first use costs ~0.1 s): compiled on another core
// while the command line is parsed, rather than after.
if (args is ["plan" or "validate" or "simulate" or "apply", ..])
{
    Planner.Plans.PlanBuilder.PrepareValidators();
}

// A plan is made in one sweep of allocations and then the process exits: no collection on the way (see CollectionFreeRun).
if (args is ["plan", ..])
{
    CollectionFreeRun.Begin();
}

// Console.Out writes through a 256-byte buffer: a 26 MB JSON plan went out in 100,000 writes. A 64 KiB one that still
// flushes after every write keeps progress lines as prompt as before.
Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = true });
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
