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
