using Planner.Diagnostics;
using Planner.Plans;

namespace Cli.Commands;

/// <summary>
/// A PLAN|SAVED argument: a plan file is planned (with <c>--cluster</c> overrides); a saved plan (<c>plan --out</c>)
/// is reopened from the files it was made from and refused when tampered or stale. Shared by simulate and apply.
/// </summary>
internal static class PlanInput
{
    /// <summary>The resolved plan and the argument's bytes (the saved plan's, when it is one), or null with diagnostics.</summary>
    public static (ResolvedPlan Plan, byte[] Content, bool IsSaved)? Resolve(CliContext context, string path, IReadOnlyDictionary<string, string> overrides,
        DiagnosticBag diagnostics)
    {
        var content = context.Files.TryRead(path, out var error);
        if (content is null)
        {
            diagnostics.Error(DiagnosticCodes.FileUnreadable, new SourceLocation(path, 0, 0), $"cannot read {DiagnosticText.PathText(path)}: {error}", "check the plan's path");
            return null;
        }

        if (!SavedPlan.LooksSaved(content))
        {
            return PlanBuilder.Build(path, context.Files, overrides, diagnostics) is { } plan ? (plan, content, false) : null;
        }

        if (overrides.Count > 0)
        {
            diagnostics.Error(DiagnosticCodes.IncompatibleOptions, new SourceLocation(path, 0, 0), "--cluster cannot change the clusters of a saved plan",
                "use the plan file with --cluster, or save the plan again with the other cluster");
            return null;
        }

        return SavedPlan.Reopen(path, content, context.Files, diagnostics) is { } saved ? (saved, content, true) : null;
    }
}
