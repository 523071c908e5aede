using System.Globalization;

namespace Simulator.Clusters;

/// <summary>The file format <see cref="ClusterGenerator"/> writes.</summary>
public enum ClusterFileFormat
{
    /// <summary>YAML, for reading and editing; loads about ten times slower than JSON.</summary>
    Yaml,

    /// <summary>JSON (one object per line), for large inventories: the loader's fast path.</summary>
    Json,
}

/// <summary>What <see cref="ClusterGenerator"/> makes. The same options always give the same bytes.</summary>
/// <param name="Name">The cluster's name (metadata.name).</param>
/// <param name="LoadBalancers">How many Octavia load balancers.</param>
/// <param name="Nodes">How many Kubernetes nodes (3 control plane, a few gateways, the rest compute).</param>
/// <param name="Subclouds">How many StarlingX subclouds.</param>
/// <param name="Seed">Seeds every random choice.</param>
/// <param name="ReferenceDate">"Now" for the generated cluster: certificate expiries fall in the year after it.</param>
/// <param name="Format">YAML or JSON.</param>
public sealed record ClusterGeneratorOptions(
    string Name,
    int LoadBalancers,
    int Nodes,
    int Subclouds,
    int Seed,
    DateOnly ReferenceDate,
    ClusterFileFormat Format)
{
    /// <summary>The most objects of one kind a generated file may hold (keeps files far below the loader's 1 GiB limit).</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The seed when none is given.</summary>
    public const int DefaultSeed = 1;

    /// <summary>A fixed "now", so generated files never depend on the wall clock.</summary>
    public static DateOnly DefaultReferenceDate { get; } = new(2026, 12, 1);

    /// <summary>The problems with these options, one sentence each; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("--name must not be empty");
        }
        else if (Name.Any(char.IsControl))
        {
            problems.Add("--name must be one line of printable characters");
        }

        foreach (var (option, value) in new[] { ("--loadbalancers", LoadBalancers), ("--nodes", Nodes), ("--subclouds", Subclouds) })
        {
            if (value is < 0 or > MaxCount)
            {
                problems.Add($"{option} must be between 0 and {MaxCount.ToString("N0", CultureInfo.InvariantCulture)}, got {value.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return problems;
    }

    /// <summary>The command that writes this file, as recorded in its header and metadata.generatedBy.</summary>
    public string Command => string.Create(CultureInfo.InvariantCulture,
        $"mplan cluster generate --name {Quote(Name)} --loadbalancers {LoadBalancers} --nodes {Nodes} --subclouds {Subclouds} --seed {Seed} --reference-date {ReferenceDate:yyyy-MM-dd}");

    private static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? text : $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
