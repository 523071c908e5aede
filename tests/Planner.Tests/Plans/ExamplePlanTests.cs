using System.Text;
using Planner.Diagnostics;
using Planner.Plans;
using Planner.Tests.Corpus;

namespace Planner.Tests.Plans;

/// <summary>The example plans stay valid as the schema and checks get stricter; the corpus only shows what fails.</summary>
public sealed class ExamplePlanTests
{
    private static readonly string PlansDirectory = Path.Combine(RepositoryPaths.Root, "plans");

    public static TheoryData<string> ExamplePlans()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(PlansDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExamplePlans))]
    public void Build_ExamplePlan_IsValidWithoutErrors(string planFile)
    {
        // Given
        var diagnostics = new DiagnosticBag();

        // When
        var plan = PlanBuilder.Build(planFile, new CaseFileSource(PlansDirectory, new Dictionary<string, byte[]>()), new Dictionary<string, string>(), diagnostics);

        // Then
        Assert.Empty(diagnostics.Items.Where(d => d.IsError).Select(d => d.ToString()));
        Assert.NotNull(plan);
        Assert.NotEmpty(plan.Operations);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1.0", 1)]
    public void Build_MaxErrorsAsWholeNumber_IsACount(string maxErrors, int expected)
    {
        // Given: a count other than the failover's default (3), written as an integer or a whole float
        var text = $$"""
            apiVersion: mplan/v1
            kind: MaintenancePlan
            metadata: {name: max-errors}
            windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
            clusters:
              osh-dev: {file: clusters/osh-dev.yaml}
            operations:
              - id: failover
                uses: octavia.loadbalancer-failover
                failurePolicy: {maxErrors: {{maxErrors}}, onExceeded: stop}
            """;
        var files = new CaseFileSource(PlansDirectory, new Dictionary<string, byte[]> { ["generated.yaml"] = Encoding.UTF8.GetBytes(text) });
        var diagnostics = new DiagnosticBag();

        // When
        var plan = PlanBuilder.Build("generated.yaml", files, new Dictionary<string, string>(), diagnostics);

        // Then
        Assert.NotNull(plan);
        var policy = Assert.Single(plan.Operations).Policy;
        Assert.Equal(expected, policy.MaxCount);
        Assert.Equal(Model.PolicyAction.Stop, policy.Action);
    }
}
