using System.CommandLine;
using Planner.Diagnostics;
using Planner.Plans;
using Simulator.Behaviour;

namespace Cli.Commands;

/// <summary>
/// The behaviour files of a plan's clusters: <c>--behaviour FILE</c> for every cluster, else the file a cluster file's
/// <c>behaviour:</c> names. Loaded once per path.
/// </summary>
internal static class BehaviourInput
{
    public static Option<string?> Option() => new("--behaviour")
    {
        Description = "Use the behaviour file FILE (e.g. written by 'mplan calibrate') for every cluster, over the cluster files' own figures.",
        HelpName = "FILE",
    };

    /// <summary>By cluster name; null when a file does not load (the problems are in <paramref name="diagnostics"/>).</summary>
    public static Dictionary<string, BehaviourFile>? Resolve(CliContext context, ResolvedPlan plan, string? path, DiagnosticBag diagnostics)
    {
        var loaded = new Dictionary<string, BehaviourFile?>(StringComparer.Ordinal);
        var files = new Dictionary<string, BehaviourFile>(StringComparer.Ordinal);
        foreach (var cluster in plan.Clusters)
        {
            if ((path ?? cluster.BehaviourFile?.Value) is not { } file)
            {
                continue;
            }

            if (!loaded.TryGetValue(file, out var behaviour))
            {
                loaded[file] = behaviour = BehaviourFile.Load(file, context.Files, diagnostics, path is null ? cluster.BehaviourFile?.Source : null);
            }

            if (behaviour is not null)
            {
                files[cluster.Name] = behaviour;
            }
        }

        return loaded.Values.Any(b => b is null) ? null : files;
    }

    /// <summary>One line per cluster with a behaviour file: which, and how old its data is at the window's start.</summary>
    public static IEnumerable<string> Lines(IReadOnlyDictionary<string, BehaviourFile> files, DateTimeOffset windowStart) =>
        files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"cluster {f.Key}: {f.Value.Describe(windowStart)}");
}
