using System.Text.Json;
using Cli.Tests.TestKit;
using Executor.Kinds;
using Executor.OpenStack;
using Planner.Diagnostics;
using Planner.Graph;
using Planner.Operations;
using Planner.Plans;
using Simulator.Behaviour;

namespace Cli.Tests;

/// <summary>
/// Every operation kind has every part, in every project: the schema's definition, the planner's declaration (expander,
/// actions, report), the simulator's behaviour defaults with their source, and apply's driver, gate or plan-only reason.
/// Adding a kind and forgetting one of them fails here, naming the kind and the part.
/// </summary>
public sealed class KindTableTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "schemas", "plan.v1.schema.json"))).RootElement;

    private static JsonElement Operation => Schema.GetProperty("$defs").GetProperty("operation");

    public static TheoryData<string> Kinds() => [.. OperationKinds.All.Select(k => k.Uses)];

    [Fact]
    public void Schema_UsesEnum_IsExactlyThePlannersKinds()
    {
        // Given
        var inSchema = Operation.GetProperty("properties").GetProperty("uses").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();

        // Then: same kinds, same order
        Assert.Equal(inSchema, OperationKinds.All.Select(k => k.Uses));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Kind_HasEveryPart(string uses)
    {
        // Given
        var kind = OperationKinds.Find(uses)!;
        var branch = Operation.GetProperty("allOf").EnumerateArray()
            .SingleOrDefault(b => b.GetProperty("if").GetProperty("properties").GetProperty("uses").GetProperty("const").GetString() == uses);

        // Then: the schema defines its with: and select: where the kind says
        Assert.True(branch.ValueKind == JsonValueKind.Object, $"{uses}: the schema has no if/then branch for it");
        var properties = branch.GetProperty("then").GetProperty("properties");
        Assert.Equal($"#/$defs/{kind.WithSchema}", properties.GetProperty("with").GetProperty("$ref").GetString());
        Assert.Equal($"#/$defs/{kind.SelectSchema}", properties.GetProperty("select").GetProperty("$ref").GetString());
        Assert.True(Schema.GetProperty("$defs").TryGetProperty(kind.WithSchema, out _), $"{uses}: $defs/{kind.WithSchema} is missing");
        Assert.NotEmpty(kind.Actions);

        // Then: the simulator knows how it behaves, and says where the figures come from
        Assert.True(BehaviourDefaults.Kinds.TryGetValue(uses, out var behaviour), $"{uses}: no simulated behaviour default");
        Assert.False(string.IsNullOrWhiteSpace(behaviour.Source), $"{uses}: its behaviour default names no source");

        // Then: apply runs it with a driver, holds it as a gate, or says why it cannot
        var apply = ApplyKinds.Find(uses);
        Assert.True(apply is not null, $"{uses}: apply's table (ApplyKinds) has no entry");
        Assert.False(apply.Driver is not null && apply.PlanOnly is not null, $"{uses}: both a driver and a plan-only reason");
    }

    [Fact]
    public void ApplyKinds_HasNoKindThePlannerLacks()
    {
        Assert.Empty(ApplyKinds.All.Select(k => k.Uses).Except(OperationKinds.All.Select(k => k.Uses)));
        Assert.Empty(BehaviourDefaults.Kinds.Keys.Except(OperationKinds.All.Select(k => k.Uses)));
    }

    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "plans"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).OfType<string>()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_EveryStepActionIsDeclaredAndHasADriverOrIsPlanOnly(string example)
    {
        // Given: the example planned, and the drivers apply would build for it (against an Octavia nobody listens on)
        var plan = Planned(example);
        var drivers = ApplyKinds.DriversFor(plan, cluster => new DriverServices { Plan = plan, Cluster = cluster, Octavia = Unreachable });

        // Then: every step's action is one its kind declares, and apply can run it, holds it as a gate, or refuses the kind
        foreach (var step in plan.Graph.Steps.Where(s => s.Kind != StepKind.Milestone))
        {
            var uses = plan.Plan.Operations[step.Operation].Uses;
            var kind = OperationKinds.Find(uses)!;
            Assert.True(step.Action == OperationKind.ApprovalAction || kind.Actions.Any(a => Matches(a, step.Action)),
                $"{example}: {step.Id} has action '{step.Action}', which {uses} does not declare");
            var apply = ApplyKinds.Find(uses)!;
            if (step.Kind == StepKind.Action && apply.PlanOnly is null)
            {
                Assert.True(drivers.Handles(uses, step.Action), $"{example}: no driver runs {uses} ({step.Action}) and the kind is not plan-only");
            }
        }
    }

    [Fact]
    public void KubeRootcaUpdate_NoKindIsPlanOnly()
    {
        // Given
        var plan = Planned("kube-rootca-update.yaml");

        // When
        var planOnly = ApplyKinds.PlanOnlyIn(plan).Select(k => k.Uses);

        // Then: the dcmanager kind has its driver now
        Assert.Empty(planOnly);
    }

    private static bool Matches(string declared, string action) =>
        declared.EndsWith('*') ? action.StartsWith(declared[..^1], StringComparison.Ordinal) : declared == action;

    private static OctaviaAccess Unreachable() =>
        new(new OctaviaClient(new OpenStackSession(new CloudConfig { Name = "none", AuthKind = AuthKind.None, Endpoint = "http://127.0.0.1:9" })), new OctaviaDriverOptions());

    private static ResolvedPlan Planned(string example)
    {
        var diagnostics = new DiagnosticBag();
        var plan = PlanBuilder.Build(Path.Combine("plans", example), new FileSystemSource(), new Dictionary<string, string>(), diagnostics, estimate: false);
        Assert.True(plan is not null, string.Join("\n", diagnostics.Sorted()));
        return plan;
    }
}
