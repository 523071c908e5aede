using Planner.Diagnostics;
using Planner.Model;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>mosk.osdpl-health</c>: the preflight the MOSK guide leaves to the operator (osctl has none): the
/// OpenStackDeployment is APPLIED and every <c>status.health.&lt;app&gt;.&lt;component&gt;</c> is Ready.
/// The inventory's current state is checked at plan time and reported as a finding.
/// </summary>
public sealed class OsdplHealthKind() : OperationKind("mosk.osdpl-health", needsCluster: true, withSchema: "osdplHealthWith", selectSchema: "noTargets",
    actions: [CheckAction])
{
    public const string CheckAction = "check-health";

    /// <summary>
    /// What the preflight would find now from the inventory: "OSDPL x is APPLYING, unhealthy: a, b", or null when it
    /// would pass (or the cluster lists no deployment). The simulator fails the preflight on the same finding.
    /// </summary>
    public static string? FailingNow(OpenStackDeployment? deployment, OperationSpec spec)
    {
        if (deployment is null)
        {
            return null;
        }

        var components = StringValues(spec.With, "components");
        var unhealthy = deployment.Health
            .Where(h => h.Value != "Ready" && (components.IsEmpty || components.Contains(h.Key)))
            .Select(h => h.Key)
            .ToList();
        return deployment.State != "APPLIED" || unhealthy.Count > 0
            ? $"OSDPL {deployment.Name} is {deployment.State}" + (unhealthy.Count > 0 ? $", unhealthy: {string.Join(", ", unhealthy)}" : "")
            : null;
    }

    internal override void Expand(OperationContext context)
    {
        var with = context.Spec.With;
        var deployment = context.Cluster.Deployment;
        context.Use("osdpl", String(with, "osdpl"), deployment?.Name ?? context.Cluster.Name, "the cluster's OpenStackDeployment");
        var components = StringValues(with, "components");
        context.Settings.Add(new Setting("components", components.IsEmpty ? "all" : string.Join(", ", components), components.IsEmpty));
        var timing = context.UseTiming(new StepTiming(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), 3, TimeSpan.FromSeconds(30), 1), "mplan default");
        context.AddSingle(CheckAction, timing, detail: "OSDPL state APPLIED and every status.health component Ready");
        if (deployment is null)
        {
            context.Diagnostics.Warning(DiagnosticCodes.PreflightFinding, context.Spec.IdSource,
                $"cluster '{context.Cluster.Name}' lists no openstackDeployment, so the preflight cannot be checked now",
                "add openstackDeployment to the cluster file, or regenerate it with 'mplan inventory'");
            return;
        }

        if (FailingNow(deployment, context.Spec) is { } found)
        {
            var finding = $"preflight would fail now: {found}";
            context.Notes.Add(finding);
            context.Diagnostics.Warning(DiagnosticCodes.PreflightFinding, context.Spec.IdSource, finding,
                "wait for the deployment to settle before the window, or the run stops at this step");
        }
        else
        {
            context.Notes.Add($"OSDPL {deployment.Name} is APPLIED and {deployment.Health.Count} component(s) are Ready in the inventory.");
        }
    }
}
