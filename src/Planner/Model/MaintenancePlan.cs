using System.Collections.Immutable;
using Planner.Diagnostics;

namespace Planner.Model;

/// <summary>A loaded, schema-valid maintenance plan. Operation parameters stay as located nodes for the expanders.</summary>
public sealed record MaintenancePlan(
    string SourceFile,
    PlanMetadata Metadata,
    ImmutableArray<MaintenanceWindow> Windows,
    ImmutableArray<ClusterReference> Clusters,
    ImmutableArray<OperationSpec> Operations)
{
    /// <summary>Plan-wide impact budgets (<c>budgets:</c> at the top): they count targets across operations.</summary>
    public ImmutableArray<BudgetSpec> Budgets { get; init; } = [];
}

/// <summary>The plan's identity for outputs and change review.</summary>
public sealed record PlanMetadata(string Name, string? Change, string? Owner, string? Description);

/// <summary>
/// A maintenance window; no step starts in its last <see cref="Cutoff"/>. <see cref="Source"/> is the window's entry;
/// <see cref="DurationSource"/>, <see cref="CutoffSource"/> and <see cref="StartSource"/> are where those values are
/// written, when they are.
/// </summary>
public sealed record MaintenanceWindow(string? Name, DateTimeOffset Start, TimeSpan Duration, TimeSpan Cutoff, SourceLocation Source,
    SourceLocation? DurationSource = null, SourceLocation? CutoffSource = null, SourceLocation? StartSource = null)
{
    public DateTimeOffset End => Start + Duration;
}

/// <summary>A named cluster and the inventory file that describes it (relative to the plan); <see cref="Source"/> is where the file is named.</summary>
public sealed record ClusterReference(string Name, string File, SourceLocation Source);
