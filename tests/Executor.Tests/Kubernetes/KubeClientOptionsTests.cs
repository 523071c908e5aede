using System.Text.Json;
using Executor.Kubernetes;

namespace Executor.Tests.Kubernetes;

/// <summary>The client's JSON options: the library's generated models plus the JSON trees custom resources are read as.</summary>
public sealed class KubeClientOptionsTests
{
    [Fact]
    public void New_TwoClientsOfOneConfigurationInUse_BothReadJsonTrees()
    {
        // Given: a configuration whose options a first client made and that were then used (so they are read-only)
        var config = new k8s.KubernetesClientConfiguration { Host = "https://127.0.0.1:6443" };
        using var first = new KubeClient(config);
        var tree = JsonSerializer.Deserialize<JsonElement>("""{"kind":"OpenStackDeployment"}""", config.JsonSerializerOptions);

        // When: a second client of the same configuration
        using var second = new KubeClient(config);

        // Then: it did not fail on the read-only options, and they still read JSON trees (the library's alone do not)
        Assert.Equal("OpenStackDeployment", tree.Text("kind"));
        Assert.True(config.JsonSerializerOptions.IsReadOnly);
        Assert.NotNull(config.JsonSerializerOptions.GetTypeInfo(typeof(System.Text.Json.Nodes.JsonObject)));
    }
}
