using Planner.Model;

namespace Simulator.Clusters;

/// <summary>
/// Writes one cluster file piece by piece, in the order the schema lists the sections: header, deployment,
/// then each list between <see cref="BeginList"/> and <see cref="EndList"/>. Nothing is kept after it is written.
/// </summary>
internal interface IClusterWriter : IDisposable
{
    void WriteHeader(string name, string region, string description, string generatedBy);

    void WriteDeployment(OpenStackDeployment deployment);

    void BeginList(string key);

    void WriteLoadBalancer(LoadBalancer loadBalancer);

    void WriteNode(ClusterNode node);

    void WriteSubcloudGroup(SubcloudGroup group);

    void WriteSubcloud(Subcloud subcloud);

    void EndList();

    /// <summary>Closes the document and flushes everything to the stream.</summary>
    void Finish();
}

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
