using Executor.Drivers;

namespace Executor.Kubernetes;

/// <summary>
/// <c>mosk.osdpl-health</c> / <c>check-health</c>: the OpenStackDeploymentStatus says APPLIED and every health component
/// the plan checks is Ready; otherwise the step fails and lists the ones that are not. Read-only, so resuming simply
/// checks again.
/// </summary>
public sealed class OsdplHealthDriver(KubeDriverContext context) : IStepDriver
{
    public const string Uses = "mosk.osdpl-health";

    public bool Handles(string uses, string action) => uses == Uses && action == "check-health";

    public async Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var osdpl = context.Osdpl(call.Step.Operation);
        var components = context.Setting(call.Step.Operation, "components") is { } list && list != "all"
            ? list.Split(", ", StringSplitOptions.RemoveEmptyEntries)
            : [];
        var status = await osdpl.GetStatusAsync(cancellationToken);
        return Verdict(osdpl.Name, status, components);
    }

    public async Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken) =>
        await RunAsync(call, cancellationToken);

    /// <summary>Passes only when APPLIED and every checked component is Ready.</summary>
    /// <param name="name">The OpenStackDeployment's name.</param>
    /// <param name="status">Its status.</param>
    /// <param name="components">The <c>app/component</c> names to check; empty for all.</param>
    public static AttemptResult Verdict(string name, OsdplStatus status, IReadOnlyCollection<string> components)
    {
        ArgumentNullException.ThrowIfNull(status);
        var unhealthy = status.Unhealthy(components);
        var checkedCount = components.Count == 0 ? status.Health.Count : status.Health.Keys.Count(components.Contains);
        if (status.State == "APPLIED" && unhealthy.Count == 0)
        {
            return AttemptResult.Success($"OSDPL {name} is APPLIED and {checkedCount} component(s) are Ready",
                new Dictionary<string, string> { ["state"] = status.State, ["ready"] = checkedCount.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        return AttemptResult.Failure($"OSDPL {name} is {status.State}" +
            (unhealthy.Count > 0 ? $"; not Ready: {string.Join(", ", unhealthy.Select(u => $"{u} ({status.Health[u]})"))}" : "") +
            (status.State == "APPLIED" ? "" : "; wait until Rockoon reports APPLIED"));
    }
}
