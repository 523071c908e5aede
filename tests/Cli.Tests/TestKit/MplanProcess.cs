using System.Diagnostics;

namespace Cli.Tests.TestKit;

/// <summary>
/// The real <c>mplan</c> (mplan.dll, built beside the tests) as a child process, so it can be killed with SIGKILL.
/// Standard output is collected line by line in the background; standard error is kept for failure messages.
/// </summary>
internal sealed partial class MplanProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _stdoutEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _errors = [];

    private MplanProcess(Process process)
    {
        _process = process;

        // A line cut off by the kill has no newline: it still arrives, at the end of the stream, so the caller must
        // treat a last line that does not parse as never printed.
        process.OutputDataReceived += Collect(_lines, _stdoutEnded);
        process.ErrorDataReceived += Collect(_errors, _stderrEnded);

        // Both streams are read by the process's own background readers: a StreamReader awaited here would resume on the
        // test framework's synchronization context and could block it on the next read until the child ends.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// The mplan executable to run instead of <c>dotnet mplan.dll</c>, from <c>MPLAN_UNDER_TEST</c>: CI sets it to the
    /// tool installed from its package, so that these tests run the build users get. Null when unset.
    /// </summary>
    public static string? UnderTest => System.Environment.GetEnvironmentVariable("MPLAN_UNDER_TEST") is { Length: > 0 } path ? path : null;

    /// <summary>
    /// Starts <c>dotnet mplan.dll ARGS</c> (or <see cref="UnderTest"/>) in <paramref name="workingDirectory"/> with the parent's environment changed by
    /// <paramref name="environment"/> (a null value removes the variable).
    /// </summary>
    public static MplanProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var underTest = UnderTest;
        var start = new ProcessStartInfo(underTest ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (underTest is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mplan.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return new MplanProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start mplan"));
    }

    /// <summary>
    /// <paramref name="environment"/> plus the removal of every <c>OS_*</c> variable this process has, so that a child
    /// reaches only the clouds its test configures (CI exports the real Octavia's settings).
    /// </summary>
    public static Dictionary<string, string?> WithoutOpenStackVariables(Dictionary<string, string?> environment)
    {
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("OS_", StringComparison.Ordinal)))
        {
            environment.TryAdd(name, null);
        }

        return environment;
    }

    /// <summary>Waits until the process printed a line that <paramref name="matches"/> (true) or ended (false), at most <paramref name="limit"/>.</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> matches, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (Lines.Any(matches))
            {
                return true;
            }

            if (_process.HasExited)
            {
                await _stdoutEnded.Task;
                return Lines.Any(matches);
            }

            await Task.Delay(10);
        }

        throw new Xunit.Sdk.XunitException($"mplan printed no expected line within {limit.TotalSeconds} s");
    }

    /// <summary>Waits until apply prints that a gate waits (at most <paramref name="limit"/>) and returns the gate's id; fails when apply ends first.</summary>
    public async Task<string> WaitForGateAsync(TimeSpan limit)
    {
        if (!await WaitForLineAsync(l => GateWaits().IsMatch(l), limit))
        {
            Xunit.Assert.Fail($"apply ended without waiting at a gate:\n{string.Join("\n", Lines)}\n{await ErrorAsync()}");
        }

        return GateWaits().Match(Lines.Last(l => GateWaits().IsMatch(l))).Groups[1].Value;
    }

    /// <summary>Waits until apply says a gate not in <paramref name="seen"/> waits and returns its id; null when apply ended first.</summary>
    public async Task<string?> WaitForNextGateAsync(IReadOnlySet<string> seen, TimeSpan limit)
    {
        bool Next(string line) => GateWaits().Match(line) is { Success: true } m && !seen.Contains(m.Groups[1].Value);
        if (!await WaitForLineAsync(Next, limit))
        {
            return null;
        }

        return GateWaits().Match(Lines.First(Next)).Groups[1].Value;
    }

    /// <summary>SIGKILL now; true when the process was still running (a real kill), false when it had already ended.</summary>
    public async Task<bool> KillAsync()
    {
        var running = !_process.HasExited;
        if (running)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await _stdoutEnded.Task;
        return running;
    }

    /// <summary>Sends SIGTERM, as <c>kill</c>, <c>docker stop</c> and systemd do.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"mplan did not finish within {limit.TotalSeconds} s");
        }

        await _stdoutEnded.Task;
        return _process.ExitCode;
    }

    /// <summary>Every complete line printed to standard output (after the process ended).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Standard error (after the process ended).</summary>
    public async Task<string> ErrorAsync()
    {
        await _stderrEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (_errors)
        {
            return string.Join('\n', _errors);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    // The line apply's plain progress prints when a gate starts to wait (Views/Apply/GateText.cs).
    [System.Text.RegularExpressions.GeneratedRegex(@"gate (\S+) waits: ")]
    private static partial System.Text.RegularExpressions.Regex GateWaits();

    private static DataReceivedEventHandler Collect(List<string> lines, TaskCompletionSource ended) => (_, e) =>
    {
        if (e.Data is null)
        {
            ended.TrySetResult();
            return;
        }

        lock (lines)
        {
            lines.Add(e.Data);
        }
    };
}
