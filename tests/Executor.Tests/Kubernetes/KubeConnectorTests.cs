using Executor.Kubernetes;

namespace Executor.Tests.Kubernetes;

/// <summary>Finding and merging kubeconfigs as kubectl does, and the errors when a context is missing.</summary>
public sealed class KubeConnectorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mplan-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_KubeconfigListInTheEnvironment_MergesFirstWins()
    {
        // Given: two files; both name a context "shared", the first file's wins; the second adds "mgmt"
        var first = Write("a.yaml", Config("shared", "https://127.0.0.1:1111", current: "shared"));
        var second = Write("b.yaml", """
            apiVersion: v1
            kind: Config
            current-context: mgmt
            clusters:
            - {name: shared, cluster: {server: "https://127.0.0.1:2222", insecure-skip-tls-verify: true}}
            - {name: mgmt, cluster: {server: "https://127.0.0.1:3333", insecure-skip-tls-verify: true}}
            users:
            - {name: shared, user: {token: not-a-real-token}}
            - {name: mgmt, user: {token: not-a-real-token}}
            contexts:
            - {name: shared, context: {cluster: shared, user: shared}}
            - {name: mgmt, context: {cluster: mgmt, user: mgmt}}
            """);

        // When
        var connector = KubeConnector.Load(null, Environment(("KUBECONFIG", $"{first}{Path.PathSeparator}{second}")));

        // Then
        Assert.Equal(["shared", "mgmt"], connector.Contexts);
        Assert.Equal("https://127.0.0.1:1111/", connector.Connect("shared").BaseUri.ToString());
        Assert.Equal("https://127.0.0.1:3333/", connector.Connect("mgmt").BaseUri.ToString());
        Assert.Equal("https://127.0.0.1:1111/", connector.Connect(null).BaseUri.ToString());
    }

    [Fact]
    public void Connect_UnknownContext_NamesTheOnesThereAre()
    {
        var file = Write("a.yaml", Config("osh-dev", "https://127.0.0.1:1111", current: "osh-dev"));
        var connector = KubeConnector.Load(file, Environment());

        var error = Assert.Throws<KubeAccessException>(() => connector.Connect("mosk-prod"));

        Assert.Contains("has no context 'mosk-prod' (it has: osh-dev)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFileOption_SaysSo()
    {
        var error = Assert.Throws<KubeAccessException>(() => KubeConnector.Load(Path.Combine(_directory, "nope.yaml"), Environment()));

        Assert.Contains("nope.yaml: no such file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoKubeconfigAnywhere_SaysWhereItLooked()
    {
        var error = Assert.Throws<KubeAccessException>(() => KubeConnector.Load(null, Environment(("HOME", _directory))));

        Assert.Contains("--kubeconfig", error.Message, StringComparison.Ordinal);
        Assert.Contains("KUBECONFIG", error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static string Config(string name, string server, string current) => $$"""
        apiVersion: v1
        kind: Config
        current-context: {{current}}
        clusters:
        - name: {{name}}
          cluster: {server: "{{server}}", insecure-skip-tls-verify: true}
        users:
        - name: {{name}}
          user: {token: not-a-real-token}
        contexts:
        - name: {{name}}
          context: {cluster: {{name}}, user: {{name}}}

        """;
}
