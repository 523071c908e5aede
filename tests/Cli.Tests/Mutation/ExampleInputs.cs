using System.Text.RegularExpressions;

namespace Cli.Tests.Mutation;

/// <summary>
/// The files mutants are made from: the example plans (<c>plans/*.yaml</c>) and cluster files (<c>plans/clusters/*.yaml</c>),
/// with, for each cluster file, the plans that read it (a mutated cluster file is run through one of them).
/// </summary>
internal sealed partial class ExampleInputs
{
    private ExampleInputs(IReadOnlyList<ExampleFile> files) => Files = files;

    /// <summary>Every file, plans first, each in ordinal order of its path (so a seed picks the same file everywhere).</summary>
    public IReadOnlyList<ExampleFile> Files { get; }

    public static ExampleInputs Load()
    {
        var plans = Directory.GetFiles("plans", "*.yaml").Select(Relative).Order(StringComparer.Ordinal).ToList();
        var clusters = Directory.GetFiles("plans/clusters", "*.yaml").Select(Relative).Order(StringComparer.Ordinal).ToList();
        var planFiles = plans.Select(p => new ExampleFile(p, File.ReadAllBytes(p), [p])).ToList();
        var clusterFiles = clusters.Select(c => new ExampleFile(c, File.ReadAllBytes(c), [.. plans.Where(p => Reads(p, c))])).ToList();
        return new ExampleInputs([.. planFiles, .. clusterFiles.Where(c => c.Plans.Length > 0)]);
    }

    private static string Relative(string path) => path.Replace('\\', '/');

    // The plans name their clusters as 'file: clusters/NAME.yaml', relative to the plan.
    private static bool Reads(string plan, string cluster) =>
        ClusterFile().Matches(File.ReadAllText(plan)).Any(m => $"plans/{m.Groups[1].Value}" == cluster);

    [GeneratedRegex(@"^\s*file:\s*(clusters/[\w.-]+\.yaml)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ClusterFile();
}

/// <summary>An example file, its bytes, and the plans to run when it is mutated (itself, for a plan).</summary>
internal sealed record ExampleFile(string Path, byte[] Content, string[] Plans)
{
    public bool IsPlan => Plans is [var only] && only == Path;
}
