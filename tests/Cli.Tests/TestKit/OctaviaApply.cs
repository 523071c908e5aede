namespace Cli.Tests.TestKit;

/// <summary>What an end-to-end <c>mplan apply</c> against the local Octavia needs: its environment and the live inventory.</summary>
internal static class OctaviaApply
{
    /// <summary>noauth against <paramref name="endpoint"/>, no clouds.yaml, HOME in <paramref name="home"/>, not CI (so no skip rule).</summary>
    public static Dictionary<string, string?> Environment(string endpoint, string home) => new()
    {
        ["OS_AUTH_TYPE"] = "none", ["OS_ENDPOINT"] = endpoint, ["HOME"] = home,
        ["OS_CLOUD"] = null, ["OS_CLIENT_CONFIG_FILE"] = null, ["CI"] = null,
    };

    /// <summary>Writes the live inventory as cluster <c>lab</c> with <c>mplan inventory</c>, in memory.</summary>
    public static async Task WriteInventoryAsync(string path, IReadOnlyDictionary<string, string?> environment)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var variables = environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!);
        var exit = await CliApp.RunAsync(["inventory", "--name", "lab", "--out", path], stdout, stderr, new FileSystemSource(), CancellationToken.None, variables);
        Assert.True(exit == 0, stderr.ToString());
    }
}
