using Planner.Operations.Kinds;

namespace Planner.Operations;

/// <summary>The operation kinds mplan knows: the one table every other project's per-kind table is checked against.</summary>
public static class OperationKinds
{
    /// <summary>Every kind, in the schema's order.</summary>
    public static IReadOnlyList<OperationKind> All { get; } =
    [
        new OsdplHealthKind(),
        new RotateCertificatesKind(),
        new LoadBalancerFailoverKind(),
        new PkiKind(),
        new CanaryKind(),
        new KubeRootcaUpdateKind(),
        new ClusterUpdateKind(),
        new RestartPodsKind(),
        new ShellRunKind(),
        new ManualApprovalKind(),
    ];

    private static readonly Dictionary<string, OperationKind> ByUses = All.ToDictionary(k => k.Uses, StringComparer.Ordinal);

    public static IEnumerable<string> Names => ByUses.Keys.Order(StringComparer.Ordinal);

    /// <summary>The kind of a <c>uses:</c> value, or null for one mplan does not know.</summary>
    public static OperationKind? Find(string uses) => ByUses.GetValueOrDefault(uses);

    /// <summary>The kind of a <c>uses:</c> value the schema has already accepted.</summary>
    internal static OperationKind For(string uses) =>
        Find(uses) ?? throw new InvalidOperationException($"No kind '{uses}'; the schema and OperationKinds disagree (a bug).");
}
