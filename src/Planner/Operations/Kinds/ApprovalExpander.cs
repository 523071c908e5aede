using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary><c>manual.approval</c>: a gate the run waits at until an operator approves.</summary>
internal sealed class ApprovalExpander : IOperationExpander
{
    public string Uses => "manual.approval";

    public bool NeedsCluster => false;

    public void Expand(OperationContext context)
    {
        var message = String(context.Spec.With, "message") ?? context.Spec.Description ?? $"approve to continue past {context.Spec.Id}";
        var expected = context.Use("duration.expected", context.Spec.Duration?.Expected, TimeSpan.FromMinutes(5), "mplan default operator response",
            Documents.DurationText.Format);
        context.AddSingle("approve", StepTiming.Once(expected, TimeSpan.Zero), Graph.StepKind.Gate, message);
    }
}
