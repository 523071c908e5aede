using System.Collections.Immutable;
using Planner.Reports;

namespace Planner.Operations;

/// <summary>
/// One operation kind (<c>uses:</c>), declared once with the parts the planner owns: where the schema defines its
/// parameters, how it expands into steps (with its defaults and their sources), the step actions it emits, and what
/// its report adds. The simulator's behaviour defaults and apply's drivers are keyed by <see cref="Uses"/> in their
/// own projects; tests check that every kind has every part.
/// </summary>
/// <param name="uses">The <c>uses:</c> value.</param>
/// <param name="needsCluster">Whether the kind acts on objects of a cluster inventory (and so needs one).</param>
/// <param name="withSchema">The <c>$defs</c> entry of <c>schemas/plan.v1.schema.json</c> that defines its <c>with:</c>.</param>
/// <param name="selectSchema">The <c>$defs</c> entry that defines its <c>select:</c>; <c>noTargets</c> when it has no targets to select.</param>
/// <param name="actions">Every action its steps carry (gates included; a trailing <c>*</c> stands for any suffix); drivers handle these by name.</param>
public abstract class OperationKind(string uses, bool needsCluster, string withSchema, string selectSchema, ImmutableArray<string> actions)
{
    public string Uses { get; } = uses;

    public bool NeedsCluster { get; } = needsCluster;

    public string WithSchema { get; } = withSchema;

    public string SelectSchema { get; } = selectSchema;

    public ImmutableArray<string> Actions { get; } = actions;

    /// <summary>Adds the operation's steps, targets, settings and notes to <paramref name="context"/>.</summary>
    internal abstract void Expand(OperationContext context);

    /// <summary>
    /// Called once a plan is known to use this kind, before its clusters load: a kind whose first expansion pays a
    /// one-time cost (a library's start-up) starts it on another core here. Does nothing by default.
    /// </summary>
    internal virtual void Prepare()
    {
    }

    /// <summary>What this kind's report adds to the common per-target counts (statistics, a strategy table, a node table).</summary>
    internal virtual KindReport Report(ReportInput input) => KindReport.None;

    /// <summary>The action of the gate an operation's <c>approval:</c> adds in front of it, whatever its kind.</summary>
    public const string ApprovalAction = "approve";
}
