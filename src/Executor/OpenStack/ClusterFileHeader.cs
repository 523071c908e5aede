using System.Text.Encodings.Web;
using System.Text.Json;

namespace Executor.OpenStack;

/// <summary>
/// The start of a cluster file <c>mplan inventory</c> writes: who wrote it, <c>metadata</c> and <c>openstack.cloud</c>
/// (so <c>mplan apply</c> knows where to connect). Strings are double-quoted JSON strings, which YAML reads back
/// unchanged whatever they contain.
/// </summary>
public static class ClusterFileHeader
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="output">Where to write.</param>
    /// <param name="what">What the file holds, e.g. "The live Octavia inventory".</param>
    /// <param name="clusterName">metadata.name.</param>
    /// <param name="cloudName">openstack.cloud; null to leave it out.</param>
    /// <param name="region">metadata.region; null to leave it out.</param>
    /// <param name="generatedBy">The command line that wrote it.</param>
    public static void Write(TextWriter output, string what, string clusterName, string? cloudName, string? region, string generatedBy)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("# Written by: ");
        output.WriteLine(generatedBy);
        output.WriteLine($"# {what} as a cluster file (schemas/cluster.v1.schema.json).");
        output.WriteLine("apiVersion: mplan/v1");
        output.WriteLine("kind: Cluster");
        output.WriteLine("metadata:");
        output.WriteLine($"  name: {Quote(clusterName)}");
        if (region is not null)
        {
            output.WriteLine($"  region: {Quote(region)}");
        }

        output.WriteLine($"  generatedBy: {Quote(generatedBy)}");
        if (cloudName is not null)
        {
            output.WriteLine("openstack:");
            output.WriteLine($"  cloud: {Quote(cloudName)}");
        }
    }

    /// <summary>A YAML-safe double-quoted scalar.</summary>
    /// <param name="text">Any string.</param>
    public static string Quote(string text) => JsonSerializer.Serialize(text, Quoting);
}
