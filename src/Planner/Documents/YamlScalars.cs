using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Planner.Documents;

/// <summary>Text for the YAML files mplan writes (kubeconfigs, inventories, behaviour files).</summary>
public static class YamlScalars
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A scalar that reads back as exactly <paramref name="text"/>: a JSON string, which is valid YAML, so no quoting
    /// rule of YAML's own can be got wrong. Non-ASCII text stays as it is.
    /// </summary>
    public static string Quote(string text) => JsonValue.Create(text).ToJsonString(Relaxed);
}
