using System.Globalization;

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
        ClusterFileHeader.Write(output, "The live Octavia inventory", clusterName, cloudName, region, generatedBy);
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

    private static string Quote(string text) => ClusterFileHeader.Quote(text);

    private static Progress? Counter(IProgress<string>? progress, string what) => progress is null ? null : new Progress(n => progress.Report($"{what}: {n}"));

    // Synchronous, unlike System.Progress<T>, which posts to the thread pool and may report after the listing ended.
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
