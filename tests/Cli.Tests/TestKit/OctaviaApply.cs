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

    /// <summary>
    /// A plan failing over the LBs of <paramref name="project"/> in cluster <c>lab</c> (<c>cluster.yaml</c> beside it),
    /// <paramref name="concurrency"/> at once; retry, failure policy and exclusions only when given (else the defaults).
    /// </summary>
    public static string FailoverPlan(string name, string project, int concurrency, string expected, string max, string? retry = null,
        string? policy = null, IEnumerable<string>? exclude = null)
    {
        var plan = new System.Text.StringBuilder($$$"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: {{{name}}}}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h, cutoff: 15m}]
            clusters: {lab: {file: cluster.yaml}}
            operations:
              - id: failover
                uses: octavia.loadbalancer-failover
                cluster: lab
                select: {projects: [{{{project}}}]}

            """);
        if (exclude is not null)
        {
            plan.Append("    exclude: [").AppendJoin(", ", exclude).Append("]\n");
        }

        plan.Append(System.Globalization.CultureInfo.InvariantCulture, $"    concurrency: {concurrency}\n    duration: {{expected: {expected}, max: {max}}}\n");
        if (retry is not null)
        {
            plan.Append("    retry: ").Append(retry).Append('\n');
        }

        if (policy is not null)
        {
            plan.Append("    failurePolicy: ").Append(policy).Append('\n');
        }

        return plan.ToString();
    }

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
