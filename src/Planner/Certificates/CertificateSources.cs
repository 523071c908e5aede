using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Planner.Model;

namespace Planner.Certificates;

/// <summary>Reads certificate expiry from PEM files and bundles and from cluster inventories.</summary>
public static class CertificateSources
{
    /// <summary>Every certificate in a PEM file or bundle (keys and other blocks are ignored, never echoed).</summary>
    public static IReadOnlyList<CertificateRecord> FromPem(string path, byte[] content, out string? error)
    {
        error = null;
        var records = new List<CertificateRecord>();
        var text = Encoding.UTF8.GetString(content);
        var index = 0;
        const string Begin = "-----BEGIN CERTIFICATE-----";
        const string End = "-----END CERTIFICATE-----";
        while ((index = text.IndexOf(Begin, index, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf(End, index, StringComparison.Ordinal);
            if (end < 0)
            {
                error = "a certificate block is not terminated";
                break;
            }

            try
            {
                using var certificate = X509Certificate2.CreateFromPem(text.AsSpan(index, end + End.Length - index));
                records.Add(new CertificateRecord(path, path, certificate.SubjectName.Format(false).Replace(", ", ",", StringComparison.Ordinal),
                    new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero)));
            }
            catch (CryptographicException e)
            {
                error = $"certificate {records.Count + 1} cannot be read: {e.Message}";
            }

            index = end + End.Length;
        }

        if (records.Count == 0 && error is null)
        {
            error = "no certificate found (expected PEM blocks)";
        }

        return records;
    }

    /// <summary>Amphora certificates (Octavia's cert_expiration), subcloud root CAs and the cluster file's certificates.</summary>
    public static IReadOnlyList<CertificateRecord> FromCluster(ClusterInventory cluster)
    {
        var records = new List<CertificateRecord>();
        foreach (var lb in cluster.LoadBalancers)
        {
            foreach (var amphora in lb.Amphorae.Where(a => a.CertExpiration is not null))
            {
                records.Add(OfAmphora(lb, amphora, cluster.SourceFile));
            }
        }

        foreach (var subcloud in cluster.Subclouds.Where(s => s.RootCaExpiry is not null))
        {
            records.Add(OfSubcloud(subcloud, cluster.SourceFile));
        }

        records.AddRange(cluster.Certificates.Select(c => c with { Source = cluster.SourceFile }));
        return records;
    }

    /// <summary>An amphora's certificate as Octavia reports it (cert_expiration; its CN is the amphora id).</summary>
    public static CertificateRecord OfAmphora(LoadBalancer loadBalancer, Amphora amphora, string inventory) =>
        new(loadBalancer.Name, $"{inventory} (amphora {amphora.Id})", $"CN={amphora.Id} (amphora {amphora.Role})", amphora.CertExpiration!.Value);

    /// <summary>A subcloud's Kubernetes root CA.</summary>
    public static CertificateRecord OfSubcloud(Subcloud subcloud, string inventory) =>
        new(subcloud.Name, inventory, "kubernetes root CA", subcloud.RootCaExpiry!.Value);
}
