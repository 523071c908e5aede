using System.CommandLine;

namespace Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Clusters() => new("--cluster")
    {
        Description = "Use FILE as the inventory of cluster NAME instead of the file the plan names (NAME=FILE; repeatable).",
        HelpName = "NAME=FILE",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--kubeconfig FILE</c>: the kubeconfig for Kubernetes clusters (default: KUBECONFIG, then ~/.kube/config).</summary>
    public static Option<string?> Kubeconfig() => new("--kubeconfig")
    {
        Description = "The kubeconfig to reach Kubernetes clusters with (default: KUBECONFIG, then ~/.kube/config; in a pod, its service account).",
        HelpName = "FILE",
    };

    /// <summary><c>--context NAME</c>: the MOSK cluster's kubeconfig context, over the cluster file's.</summary>
    public static Option<string?> KubeContext() => new("--context")
    {
        Description = "The kubeconfig context of the MOSK cluster (default: the cluster file's kubernetes.context, then the current context).",
        HelpName = "NAME",
    };

    /// <summary>Parses NAME=FILE pairs; returns null (after saying why) when one is malformed.</summary>
    public static Dictionary<string, string>? ParseClusters(string[]? values, TextWriter error)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                error.WriteLine($"mplan: --cluster expects NAME=FILE, got '{value}'");
                return null;
            }

            result[value[..equals]] = value[(equals + 1)..];
        }

        return result;
    }
}
