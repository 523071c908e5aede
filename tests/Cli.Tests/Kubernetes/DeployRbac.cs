using k8s;
using k8s.Models;
using Cli.Tests.TestKit;

namespace Cli.Tests.Kubernetes;

/// <summary>The RBAC rules in <c>deploy/</c>, to check that they allow every call the drivers made against the fake.</summary>
internal static class DeployRbac
{
    /// <summary>The rules of the MOSK cluster's ClusterRole (deploy/mplan-apply-job.yaml).</summary>
    public static IReadOnlyList<V1PolicyRule> Mosk { get; } = Rules("mplan-apply-job.yaml");

    /// <summary>The rules of the management cluster's Role (deploy/management-role.yaml).</summary>
    public static IReadOnlyList<V1PolicyRule> Management { get; } = Rules("management-role.yaml");

    /// <summary>The audited calls no rule allows (an empty list passes).</summary>
    public static IReadOnlyList<string> Denied(IReadOnlyList<V1PolicyRule> rules, IEnumerable<(string Group, string Resource, string Verb)> calls) =>
        [.. calls.Where(c => !rules.Any(r => r.ApiGroups.Contains(c.Group) && r.Resources.Contains(c.Resource) && r.Verbs.Contains(c.Verb)))
            .Select(c => $"{c.Verb} {c.Resource}{(c.Group.Length > 0 ? "." + c.Group : "")}")
            .Order(StringComparer.Ordinal)];

    private static List<V1PolicyRule> Rules(string file)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Repository.Root, "deploy", file)));
        return [.. objects.OfType<V1ClusterRole>().SelectMany(r => r.Rules).Concat(objects.OfType<V1Role>().SelectMany(r => r.Rules))];
    }
}
