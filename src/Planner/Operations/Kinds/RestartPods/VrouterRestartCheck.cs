using Planner.Diagnostics;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// From MOSK 22.4 on, the vRouter pods need no restart by hand after a cluster update: a restart-pods over the
/// vRouter DaemonSet after an update to such a release costs a traffic blip per node for nothing.
/// </summary>
internal static class VrouterRestartCheck
{
    private static readonly Version NotNeededFrom = new(22, 4);

    /// <summary>Warns (and notes) when a cluster update this operation needs, on its cluster, goes to MOSK 22.4 or newer.</summary>
    public static void Check(OperationContext context, string ns, string daemonSet)
    {
        if (daemonSet != "tf-vrouter-agent" && ns != "tf")
        {
            return;
        }

        var update = context.Upstream
            .Where(o => o.Spec.Uses == "mosk.cluster-update" && o.Cluster == context.Cluster.Name)
            .Select(o => (Operation: o, Release: LocatedString(o.Spec.With, "release")))
            .LastOrDefault(u => u.Release is { } r && Parse(r.Value) >= NotNeededFrom);
        if (update.Release is not { } release)
        {
            return;
        }

        var what = $"restarting the vRouter pods ({ns}/{daemonSet}) after the update to MOSK {release.Value} ('{update.Operation.Spec.Id}') is not needed: MOSK 22.4 and newer do not require it";
        context.Diagnostics.Warning(DiagnosticCodes.NotNeededSinceRelease, context.Spec.IdSource, what,
            "remove this operation, or keep it only for a reason of your own (each restart interrupts the node's traffic)");
        context.Notes.Add(char.ToUpperInvariant(what[0]) + what[1..] + ".");
    }

    // The schema holds the form to major.minor[.patch].
    private static Version? Parse(string release) =>
        Version.TryParse(release.Count(c => c == '.') == 0 ? release + ".0" : release, out var version) ? version : null;
}
