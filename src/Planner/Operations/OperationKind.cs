using System.Collections.Immutable;
using Planner.Reports;

namespace Planner.Operations;

/// <summary>
/// One operation kind (<c>uses:</c>), declared once with the parts the planner owns: where the schema defines its
/// parameters, how it expands into steps (with its defaults and their sources), the step actions it emits, and what
/// its report adds. The simulator's behaviour defaults and apply's drivers are keyed by <see cref="Uses"/> in their
/// own projects; tests check that every kind has every part.
/// </summary>
public abstract class OperationKind
{
    /// <summary>The <c>uses:</c> value.</summary>
    public abstract string Uses { get; }

    /// <summary>Whether the kind acts on objects of a cluster inventory (and so needs one).</summary>
    public abstract bool NeedsCluster { get; }

    /// <summary>The <c>$defs</c> entry of <c>schemas/plan.v1.schema.json</c> that defines its <c>with:</c>.</summary>
    public abstract string WithSchema { get; }

    /// <summary>The <c>$defs</c> entry that defines its <c>select:</c>; <c>noTargets</c> when it has no targets to select.</summary>
    public abstract string SelectSchema { get; }

    /// <summary>Every action its steps carry (gates included); drivers handle these by name.</summary>
    public abstract ImmutableArray<string> Actions { get; }

    /// <summary>Adds the operation's steps, targets, settings and notes to <paramref name="context"/>.</summary>
    internal abstract void Expand(OperationContext context);

    /// <summary>What this kind's report adds to the common per-target counts (statistics, a strategy table, a node table).</summary>
    internal virtual KindReport Report(ReportInput input) => KindReport.None;

    /// <summary>The action of the gate an operation's <c>approval:</c> adds in front of it, whatever its kind.</summary>
    public const string ApprovalAction = "approve";
}
