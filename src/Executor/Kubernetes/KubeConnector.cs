using k8s;
using k8s.KubeConfigModels;
using Planner.Model;

namespace Executor.Kubernetes;

/// <summary>
/// Makes KubernetesClient clients for a cluster file's contexts. The kubeconfig is <c>--kubeconfig</c>, else every
/// file of <c>KUBECONFIG</c> (merged, the first file's entry winning, as kubectl does), else <c>~/.kube/config</c>;
/// with none of them inside a pod, the pod's service account (so mplan can run as a Job). Tokens, token files,
/// client certificates, CA data and exec credential plugins are the library's.
/// </summary>
public sealed class KubeConnector
{
    private readonly K8SConfiguration? _config;
    private readonly string _source;

    private KubeConnector(K8SConfiguration? config, string source)
    {
        _config = config;
        _source = source;
    }

    /// <summary>Where the credentials come from, for messages (a path or "in-cluster service account"; never a secret).</summary>
    public string Source => _source;

    /// <summary>Finds the kubeconfig as kubectl does.</summary>
    /// <param name="kubeconfigOption">The <c>--kubeconfig</c> value, if given.</param>
    /// <param name="environment">Reads KUBECONFIG and HOME.</param>
    public static KubeConnector Load(string? kubeconfigOption, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string[] files = kubeconfigOption is { Length: > 0 }
            ? [kubeconfigOption]
            : environment("KUBECONFIG") is { Length: > 0 } list
                ? [.. list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(File.Exists)]
                : [.. new[] { Path.Combine(environment("HOME") ?? "", ".kube", "config") }.Where(File.Exists)];
        if (kubeconfigOption is { Length: > 0 } && !File.Exists(kubeconfigOption))
        {
            throw new KubeAccessException($"--kubeconfig {kubeconfigOption}: no such file");
        }

        if (files.Length == 0)
        {
            if (KubernetesClientConfiguration.IsInCluster())
            {
                return new KubeConnector(null, "in-cluster service account");
            }

            throw new KubeAccessException("no kubeconfig found: give --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config");
        }

        try
        {
            return new KubeConnector(Merge(files), string.Join(Path.PathSeparator, files));
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or YamlDotNet.Core.YamlException)
        {
            throw new KubeAccessException($"kubeconfig {string.Join(Path.PathSeparator, files)}: {e.Message}");
        }
    }

    // KUBECONFIG's files merged as client-go merges them: the first file that names a cluster, user or context wins, and
    // the first current-context set wins. Relative paths are made absolute against their own file's directory first,
    // since the merged configuration has no single directory. (The library's own merge of several files is internal.)
    private static K8SConfiguration Merge(string[] files)
    {
        var merged = new K8SConfiguration { Clusters = [], Users = [], Contexts = [] };
        foreach (var file in files)
        {
            var config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(file), useRelativePaths: false);
            var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
            string? Absolute(string? path) => string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.Combine(directory, path);
            foreach (var cluster in config.Clusters ?? [])
            {
                cluster.ClusterEndpoint.CertificateAuthority = Absolute(cluster.ClusterEndpoint.CertificateAuthority);
            }

            var tokenFiles = TokenFiles(file);
            foreach (var user in config.Users ?? [])
            {
                user.UserCredentials.ClientCertificate = Absolute(user.UserCredentials.ClientCertificate);
                user.UserCredentials.ClientKey = Absolute(user.UserCredentials.ClientKey);
                if (string.IsNullOrEmpty(user.UserCredentials.Token) && tokenFiles.TryGetValue(user.Name, out var tokenFile))
                {
                    user.UserCredentials.Token = File.ReadAllText(Absolute(tokenFile)!).Trim();
                }
            }

            merged.Clusters = [.. merged.Clusters, .. (config.Clusters ?? []).Where(c => merged.Clusters.All(m => m.Name != c.Name))];
            merged.Users = [.. merged.Users, .. (config.Users ?? []).Where(u => merged.Users.All(m => m.Name != u.Name))];
            merged.Contexts = [.. merged.Contexts, .. (config.Contexts ?? []).Where(c => merged.Contexts.All(m => m.Name != c.Name))];
            merged.CurrentContext ??= string.IsNullOrEmpty(config.CurrentContext) ? null : config.CurrentContext;
        }

        return merged;
    }

    // users[].user.tokenFile, which KubernetesClient 21's model does not read: user name -> path (read at connect time;
    // a rotated token is picked up by the next run, not mid-run as client-go would).
    private static Dictionary<string, string> TokenFiles(string file)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.Documents.FirstOrDefault()?.RootNode is YamlDotNet.RepresentationModel.YamlMappingNode root
            && root.Children.TryGetValue("users", out var users) && users is YamlDotNet.RepresentationModel.YamlSequenceNode list)
        {
            foreach (var entry in list.OfType<YamlDotNet.RepresentationModel.YamlMappingNode>())
            {
                if (entry.Children.TryGetValue("name", out var name) && entry.Children.TryGetValue("user", out var user)
                    && user is YamlDotNet.RepresentationModel.YamlMappingNode credentials
                    && credentials.Children.TryGetValue("tokenFile", out var path))
                {
                    found[name.ToString()] = path.ToString();
                }
            }
        }

        return found;
    }

    /// <summary>The kubeconfig's current-context (null in a pod).</summary>
    public string? CurrentContext => _config?.CurrentContext;

    /// <summary>The context names the kubeconfig defines (empty in a pod).</summary>
    public IReadOnlyList<string> Contexts => [.. _config?.Contexts?.Select(c => c.Name) ?? []];

    /// <summary>A client for <paramref name="context"/> (null: the current context, or the pod's service account).</summary>
    /// <param name="context">The context's name.</param>
    public KubeClient Connect(string? context)
    {
        if (_config is null)
        {
            return new KubeClient(KubernetesClientConfiguration.InClusterConfig());
        }

        if (context is not null && _config.Contexts?.All(c => c.Name != context) != false && KubernetesClientConfiguration.IsInCluster())
        {
            // In a pod, a kubeconfig may carry only the other cluster (the management one): this one is the pod's own.
            return new KubeClient(KubernetesClientConfiguration.InClusterConfig());
        }

        if (context is not null && _config.Contexts?.All(c => c.Name != context) != false)
        {
            throw new KubeAccessException($"kubeconfig {_source} has no context '{context}' (it has: {string.Join(", ", Contexts)})");
        }

        try
        {
            return new KubeClient(KubernetesClientConfiguration.BuildConfigFromConfigObject(_config, context));
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw new KubeAccessException($"kubeconfig {_source}, context '{context ?? _config.CurrentContext}': {e.Message}");
        }
    }

    /// <summary>The clients for one cluster: its MOSK context and its management cluster's.</summary>
    /// <param name="settings">The cluster file's kubernetes section.</param>
    /// <param name="contextOption">The <c>--context</c> value, over the cluster file's MOSK context.</param>
    public KubeClients ConnectCluster(KubernetesSettings settings, string? contextOption)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var mosk = contextOption ?? settings.Context;
        var management = settings.ManagementContext ?? mosk;
        var moskClient = Connect(mosk);
        return new KubeClients(moskClient, management == mosk ? moskClient : Connect(management), mosk ?? _config?.CurrentContext ?? "in-cluster");
    }
}

/// <summary>One cluster's Kubernetes clients: the MOSK cluster and the management cluster (the same client when they are one).</summary>
/// <param name="Mosk">The MOSK cluster (OpenStackDeployment, nodes, Rockoon's objects).</param>
/// <param name="Management">The management cluster (Cluster, lcmclusterstates, lcmmachines).</param>
/// <param name="ContextName">The MOSK context's name, for messages.</param>
public sealed record KubeClients(KubeClient Mosk, KubeClient Management, string ContextName);

/// <summary>The kubeconfig cannot be used: no file, a missing context, a malformed file.</summary>
public sealed class KubeAccessException(string message) : Exception(message);
