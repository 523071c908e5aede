using System.Collections.Immutable;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Model;

namespace Planner.Operations.Kinds;

/// <summary>
/// A failover after a rotation on the same cluster. Rockoon's Job has already failed those LBs over, and each failover
/// interrupts an LB's users, so a second one is refused unless it selects <c>afterRotation: failed</c>: then each
/// step follows up the Job's step for its LB and runs only if that one failed (<see cref="Step.RunsIfFailed"/>).
/// </summary>
internal static class FailoverFollowUp
{
    private const string Hint = "select: {afterRotation: failed} fails over only the LBs the rotation's Job left FAILED or RECOVERY_FAILED";

    /// <summary>
    /// The rotation's Job step of each load balancer of the cluster (by its index in the inventory; -1 where the Job does
    /// not fail it over), for a follow-up; null (with an error) when the operation needs no rotation on its cluster.
    /// </summary>
    public static (ExpandedOperation Rotation, int[] JobStepOf)? Source(OperationContext context, SourceLocation where)
    {
        var rotation = Rotations(context).LastOrDefault();
        if (rotation is null)
        {
            context.Diagnostics.Error(DiagnosticCodes.AfterRotationUnreachable, where,
                $"'{context.Spec.Id}' selects afterRotation: failed but does not need a mosk.rotate-certificates on cluster '{context.Cluster.Name}'",
                "add the rotation's id to needs (directly or through another operation), so the Job's results are known before it starts");
            return null;
        }

        var jobSteps = new List<(string LoadBalancer, int Step)>();
        for (var index = rotation.StartStep; index <= rotation.DoneStep; index++)
        {
            var step = context.Graph[index];
            if (step.Operation == rotation.Index && step.Action == RotateCertificatesKind.JobFailoverAction && step.TargetId is { } lb)
            {
                jobSteps.Add((lb, index));
            }
        }

        return (rotation, StepOfEach(context.Cluster.LoadBalancers, jobSteps));
    }

    // The Job's steps follow the inventory's order, so one pass pairs them with the load balancers: looking 100,000 ids up
    // in a table was a fifth of the 100k-LB plan's expansion. Steps in another order are looked up by id instead.
    internal static int[] StepOfEach(ImmutableArray<LoadBalancer> loadBalancers, List<(string LoadBalancer, int Step)> jobSteps)
    {
        var stepOf = new int[loadBalancers.Length];
        var next = 0;
        for (var i = 0; i < stepOf.Length; i++)
        {
            var paired = next < jobSteps.Count && string.Equals(jobSteps[next].LoadBalancer, loadBalancers[i].Id, StringComparison.Ordinal);
            stepOf[i] = paired ? jobSteps[next++].Step : -1;
        }

        if (next < jobSteps.Count)
        {
            var byId = new Dictionary<string, int>(jobSteps.Count, StringComparer.Ordinal);
            foreach (var (id, step) in jobSteps)
            {
                byId[id] = step;
            }

            for (var i = 0; i < stepOf.Length; i++)
            {
                stepOf[i] = byId.GetValueOrDefault(loadBalancers[i].Id, -1);
            }
        }

        return stepOf;
    }

    /// <summary>Refuses a plain failover of LBs that a rotation it follows has its Job fail over already.</summary>
    public static void RefuseTwice(OperationContext context, IReadOnlyCollection<LoadBalancer> selected)
    {
        foreach (var rotation in Rotations(context))
        {
            var again = rotation.Targets.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var twice = selected.Where(lb => again.Contains(lb.Id)).Select(lb => lb.Name).ToList();
            if (twice.Count > 0)
            {
                context.Diagnostics.Error(DiagnosticCodes.DoubleFailover, context.Spec.Select?.Location ?? context.Spec.IdSource,
                    $"'{context.Spec.Id}' would fail over {DiagnosticText.Plural(twice.Count, "load balancer")} that the Job of '{rotation.Spec.Id}' already fails over " +
                    $"({string.Join(", ", twice.Take(3))}{(twice.Count > 3 ? ", …" : "")}): each failover interrupts the LB's users",
                    Hint);
            }
        }
    }

    /// <summary>What the estimate assumes of the follow-up, and its worst case.</summary>
    public static string Note(ExpandedOperation rotation, int candidates) =>
        $"afterRotation: failed: each of these {DiagnosticText.Plural(candidates, "load balancer")} is failed over only if the Job of '{rotation.Spec.Id}' " +
        $"leaves it FAILED or RECOVERY_FAILED. Expected: 0 (the estimate assumes the Job succeeds; the others end SKIPPED at once); " +
        $"pessimistic: all {candidates} (the pessimistic bound runs them all).";

    private static IEnumerable<ExpandedOperation> Rotations(OperationContext context) =>
        context.Upstream.Where(o => o.Spec.Uses == "mosk.rotate-certificates" && o.Cluster == context.Cluster.Name);
}
