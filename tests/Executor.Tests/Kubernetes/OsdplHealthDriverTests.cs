using Executor.Kubernetes;
using Planner.Scheduling;
using Simulator.Fakes.Kubernetes;

namespace Executor.Tests.Kubernetes;

/// <summary>The MOSK preflight against the fake API, reached through a kubeconfig and KubernetesClient.</summary>
public sealed class OsdplHealthDriverTests
{
    private const string Cluster = """
        apiVersion: mplan/v1
        kind: Cluster
        metadata: {name: lab}
        kubernetes: {context: lab-mosk}
        openstackDeployment:
          name: osh-lab
          namespace: openstack
          state: APPLIED
          health: {octavia: {api: Ready, worker: Ready}, nova: {api: Ready}}
        """;

    private const string Operations = "  - id: preflight\n    uses: mosk.osdpl-health\n";

    [Fact]
    public async Task Run_AppliedAndEveryComponentReady_Passes()
    {
        await using var lab = await KubeLab.StartAsync(Cluster, Operations);
        var driver = new OsdplHealthDriver(lab.Context);

        var result = await driver.RunAsync(KubeLab.Call(lab.Step("check-health"), OsdplHealthDriver.Uses), CancellationToken.None);

        Assert.Equal(StepOutcome.Succeeded, result.Outcome);
        Assert.Equal("OSDPL osh-lab is APPLIED and 3 component(s) are Ready", result.Detail);
    }

    [Fact]
    public async Task Run_ComponentUnhealthyAndApplying_FailsListingIt()
    {
        // Given: after planning, Rockoon started applying and Octavia's worker went unhealthy
        await using var lab = await KubeLab.StartAsync(Cluster, Operations);
        lab.Fake.Mosk.Store.Update(ResourceTypes.OpenStackDeploymentStatus, "openstack", "osh-lab", status =>
        {
            status["status"]!["osdpl"]!["state"] = "APPLYING";
            status["status"]!["health"]!["octavia"]!["worker"]!["status"] = "Unhealthy";
        });
        var driver = new OsdplHealthDriver(lab.Context);

        // When
        var result = await driver.RunAsync(KubeLab.Call(lab.Step("check-health"), OsdplHealthDriver.Uses), CancellationToken.None);

        // Then
        Assert.Equal(StepOutcome.Failed, result.Outcome);
        Assert.Equal("OSDPL osh-lab is APPLYING; not Ready: octavia/worker (Unhealthy); wait until Rockoon reports APPLIED", result.Detail);
    }

    [Fact]
    public async Task Run_DeploymentMissing_NamesTheObjectFromTheApisStatus()
    {
        await using var lab = await KubeLab.StartAsync(Cluster, Operations);
        lab.Fake.Mosk.Store.Delete(ResourceTypes.OpenStackDeploymentStatus, "openstack", "osh-lab", system: true);
        var driver = new OsdplHealthDriver(lab.Context);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => driver.RunAsync(KubeLab.Call(lab.Step("check-health"), OsdplHealthDriver.Uses), CancellationToken.None));

        Assert.Equal(404, error.Code);
        Assert.Equal("NotFound", error.Reason);
        Assert.StartsWith("openstackdeploymentstatus/osh-lab (namespace openstack): 404 NotFound: ", error.Message, StringComparison.Ordinal);
    }
}
