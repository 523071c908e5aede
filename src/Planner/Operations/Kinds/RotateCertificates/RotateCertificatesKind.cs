using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>mosk.rotate-certificates</c>: what <c>osctl certificates rotate --type octavia:amphora</c> does: bump
/// <c>status.certificates.octavia.amphora.rotation_id</c>, then wait for the controller to regenerate the CA
/// and bring the OpenStackDeployment back to APPLIED (it sleeps 60 s and re-applies Octavia).
/// </summary>
public sealed class RotateCertificatesKind() : OperationKind("mosk.rotate-certificates", needsCluster: true, withSchema: "rotateCertificatesWith", selectSchema: "noTargets",
    actions: ["rotate"])
{
    internal override void Expand(OperationContext context)
    {
        var with = context.Spec.With;
        var type = context.Use("type", String(with, "type"), "octavia:amphora", "osctl --type");
        var deployment = context.Cluster.Deployment;
        context.Use("osdpl", String(with, "osdpl"), deployment?.Name ?? context.Cluster.Name, "the cluster's OpenStackDeployment");
        var waitApplied = Map(with, "waitApplied");
        var expected = context.Use("waitApplied.expected", Duration(waitApplied, "expected"), TimeSpan.FromMinutes(10), "mplan default: 60 s controller sleep + Octavia re-apply");
        var max = context.Use("waitApplied.max", Duration(waitApplied, "max"), TimeSpan.FromHours(1), "mplan default");
        var rotation = deployment?.AmphoraRotationId ?? 0;
        context.AddSingle("rotate", StepTiming.Once(expected, max),
            detail: $"patch {type} rotation_id {rotation} -> {rotation + 1}; wait for APPLIED");
        context.Notes.Add("Rotating the amphora CA makes every amphora unreachable to the control plane until it is failed over.");
    }
}
