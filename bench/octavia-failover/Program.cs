using System.Diagnostics;
using System.Globalization;
using Executor.Drivers;
using Executor.OpenStack;
using Planner.Graph;

// Seeds N load balancers, then runs N failover drivers at once, each looping failovers for DURATION seconds.
// Prints p50/p90 of the latency a driver sees (PUT to ACTIVE) and this process's CPU time per failover.
var url = args.Length > 0 ? args[0] : throw new ArgumentException("usage: OctaviaFailoverBench URL WORKERS SECONDS");
var workers = int.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = int.Parse(args[2], CultureInfo.InvariantCulture);
var project = "mplan-bench-" + Guid.NewGuid().ToString("N")[..8];
using var session = new OpenStackSession(new CloudConfig { Name = "bench", AuthKind = AuthKind.None, Endpoint = url, ProjectId = project });
var client = new OctaviaClient(session);
var ids = new List<string>();
for (var i = 0; i < workers; i++)
{
    ids.Add((await client.CreateLoadBalancerAsync($"bench-{i}", "11111111-2222-3333-4444-555555555555")).Id);
}

foreach (var id in ids)
{
    while ((await client.GetLoadBalancerAsync(id))!.ProvisioningStatus != "ACTIVE")
    {
        await Task.Delay(500);
    }
}

var driver = new OctaviaFailoverDriver(client);
var latencies = new List<double>();
var failures = 0;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var stop = DateTime.UtcNow.AddSeconds(seconds);
await Task.WhenAll(ids.Select(async id =>
{
    var step = new Step { Index = 0, Id = id, Operation = 0, Kind = StepKind.Action, Action = "failover", TargetId = id, Dependencies = [] };
    while (DateTime.UtcNow < stop)
    {
        var clock = Stopwatch.StartNew();
        var result = await driver.RunAsync(new AttemptCall(step, OctaviaFailoverDriver.Uses, "bench", 1, _ => Task.CompletedTask), CancellationToken.None);
        lock (latencies)
        {
            if (result.Outcome == Planner.Scheduling.StepOutcome.Succeeded)
            {
                latencies.Add(clock.Elapsed.TotalSeconds);
            }
            else
            {
                failures++;
            }
        }
    }
}));
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
foreach (var id in ids)
{
    await client.DeleteLoadBalancerAsync(id);
}

latencies.Sort();
double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"workers={workers} seconds={seconds} failovers={latencies.Count} failed={failures} per_min={latencies.Count * 60.0 / seconds:0} " +
    $"p50={Percentile(0.5):0.00}s p90={Percentile(0.9):0.00}s driver_cpu_per_failover={cpu.TotalMilliseconds / Math.Max(1, latencies.Count):0.0}ms"));
