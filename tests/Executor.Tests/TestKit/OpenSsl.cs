using System.Diagnostics;

namespace Executor.Tests.TestKit;

/// <summary>
/// Runs the real <c>openssl</c> (Debian's /usr/bin/openssl, else the first on PATH), so every certificate and key is
/// checked from outside mplan. When openssl is missing, tests fail with a message that says how to install it.
/// </summary>
internal static class OpenSsl
{
    private static readonly Lazy<string> Binary = new(Find);

    public static (int Exit, string Output, string Error) Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Binary.Value)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Binary.Value}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException($"openssl {string.Join(' ', args)} did not finish in 2 minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs openssl and asserts it succeeded; returns what it printed on stdout.</summary>
    public static string Ok(params string[] args) => OkWith(null, args);

    /// <summary>Runs openssl with extra environment variables and asserts it succeeded.</summary>
    public static string OkWith(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var (exit, output, error) = Run(args, environment);
        Assert.True(exit == 0, $"openssl {string.Join(' ', args)} exited {exit}:\n{output}{error}");
        return output;
    }

    /// <summary>Runs openssl and asserts it failed; returns stdout and stderr together.</summary>
    public static string Fails(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var (exit, output, error) = Run(args, environment);
        Assert.True(exit != 0, $"openssl {string.Join(' ', args)} was expected to fail but exited 0:\n{output}{error}");
        return output + error;
    }

    private static string Find()
    {
        if (File.Exists("/usr/bin/openssl"))
        {
            return "/usr/bin/openssl";
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "openssl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "openssl is not installed, and the PKI tests check every certificate with it: run 'apt-get install -y openssl' (.ci/run does).");
    }
}
