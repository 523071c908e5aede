using Planner.Model;

namespace Simulator.Clusters;

/// <summary>How the writers spell values.</summary>
internal static class ClusterText
{
    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>The deployment's "application/component" health keys, grouped by application (keys stay sorted).</summary>
    public static IEnumerable<IGrouping<string, (string Component, string Status)>> HealthByApplication(OpenStackDeployment deployment) =>
        deployment.Health
            .Select(h => (Application: h.Key[..h.Key.IndexOf('/', StringComparison.Ordinal)], Component: h.Key[(h.Key.IndexOf('/', StringComparison.Ordinal) + 1)..], h.Value))
            .GroupBy(h => h.Application, h => (h.Component, h.Value), StringComparer.Ordinal);

    /// <summary>Whether a node's instances are written: compute nodes always (a count or a list), others only when they have some.</summary>
    public static bool HasInstances(ClusterNode node) => node.Roles.Contains("compute") || node.InstanceCount > 0;
}
