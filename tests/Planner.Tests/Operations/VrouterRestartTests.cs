using Planner.Diagnostics;
using Planner.Plans;
using Tests.Shared;

namespace Planner.Tests.Operations;

/// <summary>From MOSK 22.4 on, restarting the vRouter pods after a cluster update is not needed: plan says so.</summary>
public sealed class VrouterRestartTests
{
    private const string Cluster = """
        apiVersion: mplan/v1
        kind: Cluster
        metadata: {name: c}
        nodes:
          - {name: cmp-1, roles: [compute]}
        """;

    [Theory]
    [InlineData("22.4", true)]
    [InlineData("22.10", true)]
    [InlineData("25.2.1", true)]
    [InlineData("22.3", false)]
    [InlineData("21.6", false)]
    public void RestartPods_OverTheVrouterAfterAnUpdateTo22_4OrNewer_IsAWarningAndANote(string release, bool notNeeded)
    {
        // Given
        var plan = Plan($"with: {{release: '{release}'}}", "{daemonSet: tf-vrouter-agent}");

        // When
        var (resolved, diagnostics) = Build(plan);

        // Then
        var warnings = diagnostics.Where(d => d.Code == DiagnosticCodes.NotNeededSinceRelease).ToList();
        var restart = resolved.Operations.Single(o => o.Spec.Id == "vrouter");
        Assert.Equal(notNeeded ? 1 : 0, warnings.Count);
        Assert.Equal(notNeeded, restart.Notes.Any(n => n.Contains("is not needed: MOSK 22.4 and newer do not require it", StringComparison.Ordinal)));
        if (notNeeded)
        {
            Assert.Equal((Severity.Warning, "plan.yaml", 8), (warnings[0].Severity, warnings[0].Location.File, warnings[0].Location.Line));
            Assert.Contains($"after the update to MOSK {release} ('update')", warnings[0].Message, StringComparison.Ordinal);
            Assert.Contains(resolved.Operations.Single(o => o.Spec.Id == "update").Settings, s => s is { Name: "release" } && s.Value == $"MOSK {release}");
        }
    }

    [Theory]
    [InlineData("{daemonSet: tf-vrouter-agent, namespace: other}", true)]
    [InlineData("{daemonSet: other-agent}", true)]
    [InlineData("{daemonSet: other-agent, namespace: kube-system}", false)]
    public void RestartPods_TheVrouterIsItsDaemonSetOrTheTfNamespace(string with, bool vrouter)
    {
        // When
        var (_, diagnostics) = Build(Plan("with: {release: '25.2'}", with));

        // Then
        Assert.Equal(vrouter, diagnostics.Any(d => d.Code == DiagnosticCodes.NotNeededSinceRelease));
    }

    [Fact]
    public void RestartPods_WithoutARelease_SaysNothing()
    {
        // When
        var (_, diagnostics) = Build(Plan("", "{daemonSet: tf-vrouter-agent}"));

        // Then
        Assert.DoesNotContain(diagnostics, d => d.Code == DiagnosticCodes.NotNeededSinceRelease);
    }

    [Theory]
    [InlineData("25")]
    [InlineData("v25.2")]
    [InlineData("25.2.")]
    public void ClusterUpdate_ReleaseNotMajorMinorPatch_IsASchemaError(string release)
    {
        // When
        var (_, diagnostics) = Build(Plan($"with: {{release: '{release}'}}", "{daemonSet: tf-vrouter-agent}"), expectErrors: true);

        // Then
        Assert.Contains(diagnostics, d => d.IsError && d.Location.Line == 7);
    }

    private static string Plan(string updateWith, string restartWith) => TestKit.Inventories.Plan(
        $"  - {{id: update, uses: mosk.cluster-update{(updateWith.Length > 0 ? ", " + updateWith : "")}}}\n" +
        $"  - {{id: vrouter, uses: kubernetes.restart-pods, needs: [update], with: {restartWith}}}\n",
        "{start: 2026-12-05T22:00:00Z, duration: 1d}");

    private static (ResolvedPlan Plan, IReadOnlyList<Diagnostic> Diagnostics) Build(string plan, bool expectErrors = false)
    {
        var diagnostics = new DiagnosticBag();
        var resolved = PlanBuilder.Build("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", Cluster), new Dictionary<string, string>(), diagnostics);
        Assert.Equal(expectErrors, diagnostics.HasErrors);
        return (resolved!, diagnostics.Items);
    }
}
