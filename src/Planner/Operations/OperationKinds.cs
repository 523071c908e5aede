using Planner.Operations.Kinds;

namespace Planner.Operations;

/// <summary>The operation kinds mplan knows, by their <c>uses:</c> name.</summary>
internal static class OperationKinds
{
    private static readonly Dictionary<string, IOperationExpander> Expanders = new IOperationExpander[]
    {
        new OsdplHealthExpander(),
        new RotateCertificatesExpander(),
        new LoadBalancerFailoverExpander(),
        new PkiExpander(),
        new CanaryExpander(),
        new KubeRootcaUpdateExpander(),
        new ClusterUpdateExpander(),
        new RestartPodsExpander(),
        new ShellExpander(),
        new ApprovalExpander(),
    }.ToDictionary(e => e.Uses, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Expanders.Keys.Order(StringComparer.Ordinal);

    /// <summary>The expander for a kind the schema has already accepted.</summary>
    public static IOperationExpander For(string uses) =>
        Expanders.TryGetValue(uses, out var expander)
            ? expander
            : throw new InvalidOperationException($"No expander for '{uses}'; the schema and OperationKinds disagree (a bug).");
}
