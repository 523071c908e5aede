using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary><c>manual.approval</c>: a gate the run waits at until an operator approves.</summary>
public sealed class ManualApprovalKind() : OperationKind("manual.approval", needsCluster: false, withSchema: "approvalWith", selectSchema: "noTargets",
    actions: [ApprovalAction])
{
    internal override void Expand(OperationContext context)
    {
        var message = String(context.Spec.With, "message") ?? context.Spec.Description ?? $"approve to continue past {context.Spec.Id}";
        var expected = context.Use("duration.expected", context.Spec.Duration?.Expected, ProcedureFigures.OperatorResponse.Expected, ProcedureFigures.OperatorResponse.ExpectedOrigin,
            Documents.DurationText.Format);
        var timeout = context.Spec.Duration?.Max is { } max
            ? context.Use("duration.max", max, TimeSpan.Zero, "", Documents.DurationText.Format)
            : TimeSpan.Zero; // No timeout: the gate waits until it is approved or the run is aborted.
        context.AddSingle(ApprovalAction, StepTiming.Once(expected, timeout), Graph.StepKind.Gate, message);
    }
}
