using System.Diagnostics;
using Executor.OpenStack;

namespace Executor.Tests.OpenStack;

/// <summary>
/// The real Octavia started by <c>scripts/octavia-up.sh</c>, for integration tests (also linked into Cli.Tests and
/// usable by the apply end-to-end tests). The URL comes from <c>MPLAN_OCTAVIA_URL</c>, else from
/// <c>$MPLAN_OCTAVIA_DIR/octavia.env</c> (default dir /tmp/mplan-octavia). Tests marked <see cref="OctaviaFactAttribute"/>
/// are skipped, with the reason, when it is not reachable on a developer machine; with <c>CI=true</c> they run and
/// fail through <see cref="Require"/>. Fault helpers run <c>scripts/octavia-fault.sh</c>. Put tests that stop the
/// worker or break the CA in <see cref="OctaviaCollection"/> so they do not overlap.
/// </summary>
public sealed class OctaviaLab : IAsyncDisposable
{
    private static readonly Lazy<(string? Url, string Problem)> Found = new(Probe);
    private readonly List<string> _created = [];

    public OctaviaLab(string project = "mplan-tests")
    {
        Client = new OctaviaClient(new OpenStackSession(NoAuthCloud(Require(), project)));
        SharedOctavia.Enter();
    }

    /// <summary>The Octavia URL, or null with <see cref="Problem"/> saying why.</summary>
    public static string? Url => Found.Value.Url;

    public static string Problem => Found.Value.Problem;

    public static string WorkDirectory =>
        Environment.GetEnvironmentVariable("MPLAN_OCTAVIA_DIR") is { Length: > 0 } dir ? dir : "/tmp/mplan-octavia";

    public static bool RunningInCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A client for the local Octavia (noauth; new objects land in this lab's project).</summary>
    public OctaviaClient Client { get; }

    /// <summary>The URL, or an assertion failure that says how to start Octavia.</summary>
    public static string Require() => Url ?? throw new Xunit.Sdk.XunitException($"Octavia is not reachable: {Problem}. Start it with scripts/octavia-up.sh.");

    public static CloudConfig NoAuthCloud(string url, string project = "mplan-tests") => new()
    {
        Name = "octavia-local", AuthKind = AuthKind.None, Endpoint = url, ProjectId = project, Origin = "OctaviaLab",
    };

    /// <summary>Creates load balancers named <paramref name="prefix"/>-N and waits until each leaves PENDING_CREATE; deleted on dispose.</summary>
    public async Task<IReadOnlyList<string>> SeedAsync(string prefix, int count, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var lb = await Client.CreateLoadBalancerAsync($"{prefix}-{i}", "11111111-2222-3333-4444-555555555555", cancellationToken: cancellationToken);
            _created.Add(lb.Id);
            ids.Add(lb.Id);
        }

        foreach (var id in ids)
        {
            await WaitForAsync(id, lb => lb?.ProvisioningStatus is "ACTIVE" or "ERROR", TimeSpan.FromSeconds(90), cancellationToken);
        }

        return ids;
    }

    /// <summary>Polls every 200 ms until <paramref name="done"/> holds for the LB (null when gone), or fails after <paramref name="limit"/>.</summary>
    public async Task<OctaviaLoadBalancer?> WaitForAsync(string id, Func<OctaviaLoadBalancer?, bool> done, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var lb = await Client.GetLoadBalancerAsync(id, cancellationToken);
            if (done(lb))
            {
                return lb;
            }

            if (clock.Elapsed > limit)
            {
                throw new Xunit.Sdk.XunitException($"load balancer {id} is still {lb?.ProvisioningStatus ?? "gone"} after {limit.TotalSeconds} s");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public static Task StopWorkerAsync() => FaultAsync("worker-stop");

    public static Task StartWorkerAsync() => FaultAsync("worker-start");

    public static Task BreakCaAsync() => FaultAsync("ca-break");

    public static Task RestoreCaAsync() => FaultAsync("ca-restore");

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _created)
        {
            try
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await WaitForAsync(id, lb => lb is null || !lb.ProvisioningStatus.StartsWith("PENDING_", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancel.Token);
                await Client.DeleteLoadBalancerAsync(id, cascade: true, cancel.Token);
            }
            catch (Exception e) when (e is OpenStackException or Xunit.Sdk.XunitException or OperationCanceledException)
            {
                // Best effort: a leftover test LB does not affect other tests (they use their own names).
            }
        }

        Client.Session.Dispose();
        SharedOctavia.Exit();
    }

    private static async Task FaultAsync(string action)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "octavia-fault.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, action, WorkDirectory])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"octavia-fault.sh {action} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Planner.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Planner.sln)");
    }

    private static (string? Url, string Problem) Probe()
    {
        var url = Environment.GetEnvironmentVariable("MPLAN_OCTAVIA_URL");
        var envFile = Path.Combine(WorkDirectory, "octavia.env");
        if (string.IsNullOrEmpty(url) && File.Exists(envFile))
        {
            url = File.ReadLines(envFile).Select(l => l.Trim()).Where(l => l.StartsWith("export OCTAVIA_URL=", StringComparison.Ordinal))
                .Select(l => l["export OCTAVIA_URL=".Length..]).FirstOrDefault();
        }

        if (string.IsNullOrEmpty(url))
        {
            return (null, $"MPLAN_OCTAVIA_URL is not set and {envFile} does not exist");
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = http.GetAsync(url.TrimEnd('/') + "/v2/lbaas/loadbalancers?limit=1").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? (url.TrimEnd('/'), "") : (null, $"{url} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, $"{url} does not answer ({e.Message})");
        }
    }
}

/// <summary>
/// A test against the real Octavia: skipped with the reason on a developer machine without it; never skipped when
/// CI=true (the test then fails in <see cref="OctaviaLab.Require"/>).
/// </summary>
public sealed class OctaviaFactAttribute : FactAttribute
{
    public OctaviaFactAttribute()
    {
        if (OctaviaLab.Url is null && !OctaviaLab.RunningInCi)
        {
            Skip = $"no local Octavia ({OctaviaLab.Problem}); run scripts/octavia-up.sh";
        }
    }
}

/// <summary>Octavia tests run one after another: some stop the worker or break the CA for everyone.</summary>
[CollectionDefinition(Name)]
public sealed class OctaviaCollection
{
    public const string Name = "octavia";
}

/// <summary>
/// One Octavia serves every test assembly, and `dotnet test Planner.sln` runs the assemblies at the same time: a test
/// that stops the worker or breaks the CA would fail another assembly's failover. Each lab holds a lock file for its
/// lifetime (re-entrant within a process, where the <see cref="OctaviaCollection"/> already orders the tests).
/// </summary>
internal static class SharedOctavia
{
    private static readonly object Gate = new();
    private static FileStream? _held;
    private static int _depth;

    public static void Enter()
    {
        lock (Gate)
        {
            if (_depth++ > 0)
            {
                return;
            }

            var path = Path.Combine(Path.GetTempPath(), "mplan-octavia-tests.lock");
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    _held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return;
                }
                catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(15))
                {
                    Thread.Sleep(100);
                }
            }
        }
    }

    public static void Exit()
    {
        lock (Gate)
        {
            if (--_depth == 0)
            {
                _held?.Dispose();
                _held = null;
            }
        }
    }
}
