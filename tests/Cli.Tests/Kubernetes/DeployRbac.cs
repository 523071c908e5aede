using Cli.Tests.TestKit;
using k8s.Models;
using YamlDotNet.RepresentationModel;

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

    // Read with YamlDotNet's node model: the AOT build of KubernetesClient keeps its typed YAML loader internal.
    private static List<V1PolicyRule> Rules(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Repository.Root, "deploy", file)))
        {
            stream.Load(reader);
        }

        static List<string> Strings(YamlMappingNode rule, string key) =>
            rule.Children.TryGetValue(key, out var list) && list is YamlSequenceNode items ? [.. items.Select(i => ((YamlScalarNode)i).Value ?? "")] : [];

        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()
            .Where(o => o.Children.TryGetValue("kind", out var kind) && kind.ToString() is "ClusterRole" or "Role")
            .SelectMany(o => ((YamlSequenceNode)o.Children["rules"]).OfType<YamlMappingNode>())
            .Select(r => new V1PolicyRule { ApiGroups = Strings(r, "apiGroups"), Resources = Strings(r, "resources"), Verbs = Strings(r, "verbs") })];
    }
}
