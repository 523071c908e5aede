using System.Globalization;
using static Planner.Documents.YamlScalars;

namespace Executor.OpenStack;

/// <summary>Every load balancer with its amphorae, as read from Octavia.</summary>
public sealed record OctaviaSnapshot(IReadOnlyList<OctaviaLoadBalancer> LoadBalancers, ILookup<string, OctaviaAmphora> AmphoraeByLoadBalancer);

/// <summary>Reads Octavia's load balancers and amphorae and writes them as a cluster file (schemas/cluster.v1.schema.json).</summary>
public static class OctaviaInventory
{
    /// <summary>Two listings (load balancers, then all amphorae, both paged), not one call per load balancer.</summary>
    /// <param name="client">The Octavia client.</param>
    /// <param name="progress">Told how many objects were read so far, e.g. "load balancers: 2000".</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    public static async Task<OctaviaSnapshot> ReadAsync(OctaviaClient client, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var lbs = await client.ListLoadBalancersAsync(progress: Counter(progress, "load balancers"), cancellationToken: cancellationToken).ConfigureAwait(false);
        var amphorae = await client.ListAmphoraeAsync(progress: Counter(progress, "amphorae"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new OctaviaSnapshot(lbs, amphorae.Where(a => a.LoadBalancerId is not null).ToLookup(a => a.LoadBalancerId!, StringComparer.Ordinal));
    }

    /// <summary>
    /// Writes the cluster file: metadata, <c>openstack.cloud</c> (so <c>mplan apply</c> knows where to connect) and one
    /// block per load balancer in Octavia's order, amphorae sorted by role and id. Strings are double-quoted JSON
    /// strings, which YAML reads back unchanged whatever they contain.
    /// </summary>
    public static void WriteYaml(TextWriter output, OctaviaSnapshot snapshot, string clusterName, string? cloudName, string? region, string generatedBy)
    {
        WriteHeader(output, "The live Octavia inventory as a cluster file (schemas/cluster.v1.schema.json).", clusterName, cloudName, region, generatedBy);
        WriteLoadBalancers(output, snapshot);
    }

    /// <summary>A live cluster file's first lines: what wrote it, apiVersion, kind, metadata and the OpenStack cloud.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="what">A comment saying what the file holds.</param>
    /// <param name="clusterName">metadata.name.</param>
    /// <param name="cloudName">The clouds.yaml entry, if any.</param>
    /// <param name="region">The OpenStack region, if known.</param>
    /// <param name="generatedBy">The command line that wrote it.</param>
    public static void WriteHeader(TextWriter output, string what, string clusterName, string? cloudName, string? region, string generatedBy)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("# Written by: ");
        output.WriteLine(generatedBy);
        output.WriteLine($"# {what}");
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

    private static void WriteLoadBalancers(TextWriter output, OctaviaSnapshot snapshot)
    {
        if (snapshot.LoadBalancers.Count == 0)
        {
            output.WriteLine("loadBalancers: []");
            return;
        }

        output.WriteLine("loadBalancers:");
        foreach (var lb in snapshot.LoadBalancers)
        {
            output.WriteLine($"  - id: {Quote(lb.Id)}");
            output.WriteLine($"    name: {Quote(lb.Name)}");
            output.WriteLine($"    project: {Quote(lb.ProjectId)}");
            output.WriteLine($"    provider: {Quote(lb.Provider)}");
            output.WriteLine($"    provisioningStatus: {lb.ProvisioningStatus}");
            if (lb.OperatingStatus.Length > 0)
            {
                output.WriteLine($"    operatingStatus: {lb.OperatingStatus}");
            }

            var amphorae = snapshot.AmphoraeByLoadBalancer[lb.Id]
                .OrderBy(a => a.Role ?? "", StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
            if (amphorae.Count == 0)
            {
                continue;
            }

            output.WriteLine("    amphorae:");
            foreach (var amphora in amphorae)
            {
                var fields = new List<string> { $"id: {Quote(amphora.Id)}" };
                if (amphora.Role is { Length: > 0 } role) { fields.Add($"role: {role}"); }
                if (amphora.Status.Length > 0) { fields.Add($"status: {amphora.Status}"); }
                if (amphora.LbNetworkIp is { Length: > 0 } ip) { fields.Add($"lbNetworkIp: {Quote(ip)}"); }
                if (amphora.CertExpiration is { } expiry)
                {
                    fields.Add($"certExpiration: {expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}");
                }

                output.WriteLine($"      - {{{string.Join(", ", fields)}}}");
            }
        }
    }

    private static Progress? Counter(IProgress<string>? progress, string what) => progress is null ? null : new Progress(n => progress.Report($"{what}: {n}"));

    // Synchronous, unlike System.Progress<T>, which posts to the thread pool and may report after the listing ended.
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
