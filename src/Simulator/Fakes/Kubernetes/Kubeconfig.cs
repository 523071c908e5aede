using System.Text;
using static Planner.Documents.YamlScalars;

namespace Simulator.Fakes.Kubernetes;

/// <summary>Writes a kubeconfig (YAML) with one context per fake server, bearer-token users and the fake CA.</summary>
internal static class Kubeconfig
{
    public static string Render(IReadOnlyList<(string Context, Uri Server)> contexts, string token, string caPem, string current)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
        var text = new StringBuilder();
        text.Append("apiVersion: v1\nkind: Config\n");
        text.Append("current-context: ").Append(Quote(current)).Append('\n');
        text.Append("clusters:\n");
        foreach (var (context, server) in contexts)
        {
            text.Append("- name: ").Append(Quote(context)).Append('\n');
            text.Append("  cluster:\n");
            text.Append("    server: ").Append(Quote(server.GetLeftPart(UriPartial.Authority))).Append('\n');
            text.Append("    certificate-authority-data: ").Append(ca).Append('\n');
        }

        text.Append("users:\n");
        foreach (var (context, _) in contexts)
        {
            text.Append("- name: ").Append(Quote(context + "-admin")).Append('\n');
            text.Append("  user:\n");
            text.Append("    token: ").Append(Quote(token)).Append('\n');
        }

        text.Append("contexts:\n");
        foreach (var (context, _) in contexts)
        {
            text.Append("- name: ").Append(Quote(context)).Append('\n');
            text.Append("  context:\n");
            text.Append("    cluster: ").Append(Quote(context)).Append('\n');
            text.Append("    user: ").Append(Quote(context + "-admin")).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the kubeconfig readable by its owner only (it holds the token).</summary>
    public static void Write(string path, string text) => PrivateFile.Write(path, text);
}
