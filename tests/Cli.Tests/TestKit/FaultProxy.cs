using System.Diagnostics;
using System.Text.Json;

namespace Cli.Tests.TestKit;

/// <summary>
/// <c>scripts/octavia-fault-proxy.py</c> in front of the real Octavia, on 127.0.0.1 and a free port, for one test:
/// a seeded share of requests gets a 5xx, a reset connection (before or after Octavia saw the request), a slow answer
/// or, for changes, a 409. <see cref="Requests"/> reads its log: one line per request with the fault it got.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private FaultProxy(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    /// <summary>Starts the proxy to <paramref name="upstream"/> and waits until it listens.</summary>
    public static async Task<FaultProxy> StartAsync(string upstream, double rate, int seed, double slowSeconds = 2)
    {
        var directory = Directory.CreateTempSubdirectory("mplan-fault-proxy-").FullName;
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(Repository.Root, "scripts", "octavia-fault-proxy.py"), "--upstream", upstream, "--listen", "127.0.0.1:0",
            "--rate", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--slow-seconds", slowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--port-file", Path.Combine(directory, "port"), "--log", Path.Combine(directory, "requests.jsonl"),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var portFile = Path.Combine(directory, "port");
        var waited = Stopwatch.StartNew();
        while (!File.Exists(portFile))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no port after 20 s";
                throw new Xunit.Sdk.XunitException($"octavia-fault-proxy.py did not start: {error}");
            }

            await Task.Delay(50);
        }

        return new FaultProxy(process, directory, int.Parse(await File.ReadAllTextAsync(portFile), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Every request the proxy saw so far: method, path and the fault it got (null: passed on as it was).</summary>
    public IReadOnlyList<(string Method, string Path, string? Fault)> Requests()
    {
        var log = Path.Combine(_directory, "requests.jsonl");
        if (!File.Exists(log))
        {
            return [];
        }

        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var requests = new List<(string, string, string?)>();
        while (reader.ReadLine() is { } line)
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            requests.Add((root.GetProperty("method").GetString()!, root.GetProperty("path").GetString()!,
                root.GetProperty("fault").ValueKind == JsonValueKind.Null ? null : root.GetProperty("fault").GetString()));
        }

        return requests;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
