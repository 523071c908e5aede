using System.Diagnostics;

namespace Cli.Tests.TestKit;

/// <summary>
/// Microsoft's SARIF Multitool (npm <c>@microsoft/sarif-multitool-linux</c>), whose <c>validate</c> checks a log against
/// the published SARIF 2.1.0 schema (shipped beside it as <c>sarif-2.1.0.json</c>) and the spec's rules. Found through
/// MPLAN_SARIF_MULTITOOL, else fetched once with npm into ~/.cache/mplan.
/// </summary>
internal static class SarifMultitool
{
    public const string Package = "@microsoft/sarif-multitool-linux@5.7.0";
    private static readonly SemaphoreSlim Once = new(1, 1);

    public static async Task<string> LocateAsync()
    {
        var configured = Environment.GetEnvironmentVariable("MPLAN_SARIF_MULTITOOL");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mplan", "sarif-multitool-5.7.0");
        var tool = Path.Combine(cache, "package", "Sarif.Multitool");
        await Once.WaitAsync();
        try
        {
            if (!File.Exists(tool))
            {
                Directory.CreateDirectory(cache);
                var (packed, packOutput) = await RunAsync("npm", cache, "pack", Package, "--silent");
                Xunit.Assert.True(packed == 0, $"npm pack {Package} failed (npm is needed for the SARIF check): {packOutput}");
                var archive = Path.Combine(cache, packOutput.Trim().Split('\n')[^1].Trim());
                var (extracted, tarOutput) = await RunAsync("tar", cache, "xzf", archive);
                Xunit.Assert.True(extracted == 0, $"tar could not unpack {archive}: {tarOutput}");
                File.Delete(archive);
                await RunAsync("chmod", cache, "u+x", tool);
            }
        }
        finally
        {
            Once.Release();
        }

        return tool;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
