using System.Collections.Immutable;
using Planner.Diagnostics;
using Planner.Estimation;
using Planner.Graph;
using Planner.Model;
using Planner.Operations;

namespace Planner.Plans;

/// <summary>
/// A plan after loading, expansion and estimation: everything every view renders and what apply will execute.
/// <see cref="Sha256"/> identifies the inputs (plan and cluster file contents, and the format), so a saved plan
/// can be refused when anything it was made from has changed.
/// </summary>
public sealed class ResolvedPlan
{
    public required MaintenancePlan Plan { get; init; }

    public required ImmutableArray<ClusterInventory> Clusters { get; init; }

    public required ExecutionGraph Graph { get; init; }

    public required ImmutableArray<ExpandedOperation> Operations { get; init; }

    public required PlanEstimate Estimate { get; init; }

    public required ImmutableArray<InputFile> Inputs { get; init; }

    public required string Sha256 { get; init; }

    public required ImmutableArray<Diagnostic> Warnings { get; init; }

    /// <summary>This plan with its estimate, and the warnings as they stand with it.</summary>
    internal ResolvedPlan WithEstimate(PlanEstimate estimate, ImmutableArray<Diagnostic> warnings) => new()
    {
        Plan = Plan,
        Clusters = Clusters,
        Graph = Graph,
        Operations = Operations,
        Estimate = estimate,
        Inputs = Inputs,
        Sha256 = Sha256,
        Warnings = warnings,
    };

    public ExpandedOperation? OperationAt(int planIndex) => Operations.FirstOrDefault(o => o.Index == planIndex);

    /// <summary>Time zero of every run of this plan: the first window's start, or <paramref name="fallback"/> without windows.</summary>
    public DateTimeOffset Origin(DateTimeOffset fallback) => Plan.Windows.IsDefaultOrEmpty ? fallback : Plan.Windows[0].Start;

    /// <summary>
    /// A fresh scheduler for one run of this plan, with the plan's failure policies and windows: what the estimate,
    /// each simulated trial and apply start from.
    /// </summary>
    /// <param name="holdOutsideWindows">Apply pauses after the last window's cutoff; the estimate and simulator go on and report it.</param>
    /// <param name="alreadyFinished">Steps a journal says finished in an earlier run (resume), with their end state.</param>
    /// <param name="runStart">
    /// Apply's time zero on the wall clock: the windows are shifted so that the scheduler's times count from it.
    /// Null: time zero is the first window's start (estimate, simulation).
    /// </param>
    /// <param name="ignoreWindows">Start at once and never hold work for a window (apply <c>--ignore-window</c>).</param>
    public Scheduling.Scheduler CreateScheduler(bool holdOutsideWindows = false, IReadOnlyDictionary<int, Scheduling.StepState>? alreadyFinished = null,
        DateTimeOffset? runStart = null, bool ignoreWindows = false)
    {
        var windows = ignoreWindows ? [] : Estimator.WindowSlots(Plan);
        if (runStart is { } zero && windows.Length > 0)
        {
            var shift = zero - Plan.Windows[0].Start;
            windows = [.. windows.Select(w => new Scheduling.WindowSlot(w.Open - shift, w.LastStart - shift, w.Close - shift))];
        }

        return new(Graph, Estimator.Limits(Plan, Operations), windows, holdOutsideWindows, alreadyFinished);
    }
}

/// <summary>An input the plan was made from, with the SHA-256 of its bytes.</summary>
public sealed record InputFile(string Role, string Path, string Sha256)
{
    private const string ClusterRole = "cluster:";

    /// <summary>The cluster files among <paramref name="inputs"/>, as NAME=FILE overrides that make the same plan again.</summary>
    public static Dictionary<string, string> ClusterFiles(IEnumerable<InputFile> inputs) =>
        inputs.Where(i => i.Role.StartsWith(ClusterRole, StringComparison.Ordinal))
            .ToDictionary(i => i.Role[ClusterRole.Length..], i => i.Path, StringComparer.Ordinal);
}
