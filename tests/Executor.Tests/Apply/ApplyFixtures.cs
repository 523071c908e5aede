using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Executor.Drivers;
using Planner.Diagnostics;
using Planner.Events;
using Planner.Plans;
using Planner.Scheduling;
using Tests.Shared;

namespace Executor.Tests.Apply;

/// <summary>Small failover plans for the runner's tests, and an in-process driver whose attempts are scripted per LB.</summary>
internal static class ApplyFixtures
{
    /// <summary>
    /// A failover plan over <paramref name="count"/> ACTIVE amphora LBs named lb-00, lb-01, …, spread round-robin over
    /// <paramref name="projects"/> projects (p0, p1, …; one: p); <paramref name="more"/> adds lines to the operation.
    /// </summary>
    public static ResolvedPlan FailoverPlan(int count, int concurrency = 2, string retry = "{attempts: 2, delay: 50ms, backoff: 1}",
        string policy = "{maxErrors: 10, onExceeded: stop}", string max = "2s", string window = "2026-12-05T22:00:00Z", int projects = 1, string more = "")
    {
        var cluster = new StringBuilder("apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: test}\nloadBalancers:\n");
        for (var i = 0; i < count; i++)
        {
            var id = Id(i);
            cluster.Append(CultureInfo.InvariantCulture, $"  - {{id: {id}, name: {id}, project: {Project(i, projects)}, provider: amphora, provisioningStatus: ACTIVE, operatingStatus: ONLINE}}\n");
        }

        var plan = $"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {"{"}name: runner-test{"}"}
            windows: [{"{"}start: {window}, duration: 4h, cutoff: 15m{"}"}]
            clusters: {"{"}test: {"{"}file: cluster.yaml{"}"}{"}"}
            operations:
              - id: failover
                uses: octavia.loadbalancer-failover
                cluster: test
                concurrency: {concurrency}
                duration: {"{"}expected: 100ms, max: {max}{"}"}
                retry: {retry}
                failurePolicy: {policy}
            {more}
            """;
        var files = new MemoryFiles().Add("plan.yaml", plan).Add("cluster.yaml", cluster.ToString());
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("plan.yaml", files, new Dictionary<string, string>(), diagnostics);
        Assert.True(resolved is not null, string.Join("\n", diagnostics.Items.Select(d => d.ToString())));
        return resolved!;
    }

    public static string Id(int i) => $"lb-{i:00}";

    public static string Project(int i, int projects) => projects == 1 ? "p" : $"p{i % projects}";
}

/// <summary>Collects events in memory, as the journal would store them.</summary>
internal sealed class EventList : IRunEventSink
{
    public ConcurrentQueue<RunEvent> Events { get; } = new();

    public void Write(RunEvent e) => Events.Enqueue(e);

    public IEnumerable<RunEvent> For(string target) => Events.Where(e => e.Target == target);
}

/// <summary>Runs a plan with the wall clock and collects what happened.</summary>
internal static class Run
{
    public static async Task<(Executor.Apply.ApplyResult Result, EventList Events)> Apply(ResolvedPlan plan, ScriptedDriver driver,
        IReadOnlyDictionary<string, Executor.Apply.EarlierStep>? earlier = null, Func<string?>? abort = null, CancellationToken stopNew = default,
        bool ignoreWindows = true)
    {
        var events = new EventList();
        var runner = new Executor.Apply.ApplyRunner(plan, new Executor.Apply.DriverSet([driver]), events, TimeProvider.System,
            new Executor.Apply.ApplyOptions { AbortPollInterval = TimeSpan.FromMilliseconds(10), MaxIdle = TimeSpan.FromMilliseconds(50), IgnoreWindows = ignoreWindows });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await runner.RunAsync(DateTimeOffset.UtcNow, earlier, 1, abort ?? (() => null), stopNew, timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the run did not end within 30 s");
        return (result, events);
    }

    /// <summary>Runs a plan with the wall clock and an operator's <paramref name="desk"/>, and collects its events in order.</summary>
    public static async Task<(Executor.Apply.ApplyResult Result, List<RunEvent> Events)> WithDesk(ResolvedPlan plan, IStepDriver driver, MemoryDesk desk,
        IReadOnlyDictionary<string, Executor.Apply.EarlierStep>? earlier = null, Func<string?>? abort = null)
    {
        var events = new EventList();
        var runner = new Executor.Apply.ApplyRunner(plan, new Executor.Apply.DriverSet([driver]), events, TimeProvider.System,
            new Executor.Apply.ApplyOptions { IgnoreWindows = true, MaxIdle = TimeSpan.FromMilliseconds(20) }, desk);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await runner.RunAsync(DateTimeOffset.UtcNow, earlier, 1, abort ?? (() => null), CancellationToken.None, timeout.Token);
        Assert.False(timeout.IsCancellationRequested, "the run did not end within 30 s");
        return (result, [.. events.Events]);
    }

    public static StepState StateOf(Executor.Apply.ApplyResult result, ResolvedPlan plan, string target) =>
        result.Timeline.Scheduler.StateOf(plan.Graph.Steps.Single(s => s.TargetId == target).Index);
}

/// <summary>Answers every gate it is asked about the second time (so the run is seen waiting first), when told to approve.</summary>
internal sealed class MemoryDesk : Executor.Apply.IGateDesk
{
    private readonly ConcurrentDictionary<string, int> _asked = new(StringComparer.Ordinal);

    public bool Approve { get; set; }

    public bool Asked => !_asked.IsEmpty;

    public IReadOnlyList<(string Gate, string Operation, string Message)> Pauses { get; init; } = [];

    public IReadOnlyList<Executor.Apply.GateAnswer> Answers(IReadOnlyCollection<string> gateIds) =>
        [.. gateIds.Where(g => _asked.AddOrUpdate(g, 1, (_, n) => n + 1) > 1 && Approve).Select(g => new Executor.Apply.GateAnswer(g, "operator", null))];

    public IReadOnlyList<(string Gate, string Operation, string Message)> PausesStillWaiting() => Pauses;
}
