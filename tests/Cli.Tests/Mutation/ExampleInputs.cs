using System.Text.RegularExpressions;

namespace Cli.Tests.Mutation;

/// <summary>
/// The files mutants are made from: the example plans (<c>plans/*.yaml</c>) and cluster files (<c>plans/clusters/*.yaml</c>),
/// with, for each cluster file, the plans that read it (a mutated cluster file is run through one of them). Each cluster
/// file is also there written as JSON (which is YAML too), in its place: mplan reads JSON by a reader of its own.
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
        var clusterFiles = clusters.Select(c => new ExampleFile(c, File.ReadAllBytes(c), [.. plans.Where(p => Reads(p, c))])).Where(c => c.Plans.Length > 0).ToList();
        var asJson = clusterFiles.Select(c => c with { Content = AsJson(c), Format = " (as JSON)" });
        return new ExampleInputs([.. planFiles, .. clusterFiles, .. asJson]);
    }

    // The document as mplan reads it, written as JSON with a line per item of the top-level lists, as 'mplan cluster
    // generate --format json' writes it (so that line mutators cut, repeat and swap whole objects).
    private static byte[] AsJson(ExampleFile file)
    {
        var tree = Planner.Documents.DocumentLoader.Load(file.Path, file.Content, Planner.Documents.DocumentLimits.Cluster, new Planner.Diagnostics.DiagnosticBag());
        using var json = Planner.Schema.YNodeJson.ToJson(tree!);
        var lines = new List<string>();
        foreach (var property in json.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind == System.Text.Json.JsonValueKind.Array
                ? "[\n    " + string.Join(",\n    ", property.Value.EnumerateArray().Select(i => i.GetRawText())) + "\n  ]"
                : property.Value.GetRawText();
            lines.Add($"  {System.Text.Json.JsonSerializer.Serialize(property.Name)}: {value}");
        }

        return System.Text.Encoding.UTF8.GetBytes("{\n" + string.Join(",\n", lines) + "\n}\n");
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
    /// <summary>How the content differs from the file at <see cref="Path"/>, if it does: " (as JSON)".</summary>
    public string Format { get; init; } = "";

    public bool IsPlan => Plans is [var only] && only == Path;
}
