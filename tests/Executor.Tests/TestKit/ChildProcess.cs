using System.Diagnostics;

namespace Executor.Tests.TestKit;

/// <summary>Runs tests/JournalChild (built beside the tests) as a separate process and reads what it prints, line by line.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static ChildProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JournalChild.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start JournalChild"));
    }

    /// <summary>The next line the child printed, or null at its end.</summary>
    public string? ReadLine() => _process.StandardOutput.ReadLine();

    /// <summary>Everything it prints until it exits.</summary>
    public string ReadToEnd()
    {
        var text = _process.StandardOutput.ReadToEnd();
        _process.WaitForExit();
        return text;
    }

    /// <summary>SIGKILL: no cleanup, no flush, nothing after this instruction runs in the child.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
