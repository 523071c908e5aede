using Tests.Shared;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Planner.Certificates;
using Planner.Diagnostics;
using Planner.Plans;
using Planner.Tests.TestKit;

namespace Planner.Tests.Certificates;

public sealed class CertificateSourcesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromPem_Bundle_ReadsEveryCertificateAndIgnoresKeys()
    {
        // Given: a bundle of two certificates with chosen dates, and a private key between them
        using var key = RSA.Create(2048);
        var bundle = Pem(Certificate("CN=first,O=Example", Now.AddDays(10), key)) + key.ExportPkcs8PrivateKeyPem() + "\n" +
                     Pem(Certificate("CN=second", Now.AddDays(400), key));

        // When
        var records = CertificateSources.FromPem("bundle.pem", Encoding.UTF8.GetBytes(bundle), out var error);

        // Then
        Assert.Null(error);
        Assert.Equal(["O=Example,CN=first", "CN=second"], records.Select(r => r.Subject));
        Assert.Equal([10, 400], records.Select(r => r.DaysLeft(Now)));
        Assert.DoesNotContain(records, r => r.Subject.Contains("PRIVATE", StringComparison.Ordinal));
    }

    [Fact]
    public void FromPem_NoCertificate_SaysSo()
    {
        // When
        var records = CertificateSources.FromPem("key.pem", Encoding.UTF8.GetBytes("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), out var error);

        // Then
        Assert.Empty(records);
        Assert.Equal("no certificate found (expected PEM blocks)", error);
    }

    [Fact]
    public void ExpiryTable_Records_SoonestFirstWithDaysLeft()
    {
        // Given
        CertificateRecord[] records =
        [
            new("b", "x", "CN=b", Now.AddDays(30)),
            new("a", "x", "CN=a", Now.AddDays(-2)),
            new("c", "x", "CN=c", Now.AddHours(12)),
        ];

        // When
        var table = ExpiryTable.Build(records, Now);

        // Then
        Assert.Equal(["a", "c", "b"], table.Rows.Select(r => r[0]));
        Assert.Equal(["-2", "0", "30"], table.Rows.Select(r => r[3]));
    }

    [Fact]
    public void Plan_SubcloudsByRootCaExpiry_SelectsThoseExpiringWithinTheWindowAndShowsTheTable()
    {
        // Given: the window opens 2026-12-05 22:00Z
        var cluster = """
            apiVersion: mplan/v1
            kind: Cluster
            metadata: {name: c}
            subclouds:
              - {name: soon, kubeRootcaSync: in-sync, rootCaExpiry: 2026-12-20T00:00:00Z}
              - {name: later, kubeRootcaSync: out-of-sync, rootCaExpiry: 2027-06-01T00:00:00Z}
              - {name: unknown-expiry, kubeRootcaSync: out-of-sync}
            """;
        var plan = Inventories.Plan("  - {id: rootca, uses: dcmanager.kube-rootca-update, select: {rootCaExpiresWithin: 30d}}\n");
        var diagnostics = new DiagnosticBag();

        // When
        var operation = PlanBuilder.Build("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", cluster), new Dictionary<string, string>(), diagnostics)!
            .Operations.Single();

        // Then
        Assert.Equal(["soon"], operation.Targets.Select(t => t.Name));
        Assert.Equal([("later", "root CA valid beyond rootCaExpiresWithin"), ("unknown-expiry", "root CA expiry unknown")], operation.Skipped.Select(s => (s.Name, s.Reason)));
        var table = operation.Tables.Single();
        Assert.Equal(["soon", "kubernetes root CA", "2026-12-20 00:00Z", "14"], table.Rows.Single().ToArray());
    }

    [Fact]
    public void FromCluster_Inventory_ReadsAmphoraeSubcloudsAndListedCertificates()
    {
        // Given
        var cluster = """
            apiVersion: mplan/v1
            kind: Cluster
            metadata: {name: c}
            loadBalancers:
              - {id: lb1, name: web, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: amp1, role: MASTER, certExpiration: 2026-12-31T00:00:00Z}]}
            subclouds:
              - {name: edge1, rootCaExpiry: 2027-01-31T00:00:00Z}
            certificates:
              - {name: octavia-controller, subject: CN=octavia-controller, notAfter: 2027-03-01T00:00:00Z}
            """;
        var diagnostics = new DiagnosticBag();
        var plan = Inventories.Plan("  - {id: ok, uses: manual.approval}\n");

        // When
        var inventory = PlanBuilder.Build("plan.yaml", new MemoryFiles().Add("plan.yaml", plan).Add("c.yaml", cluster), new Dictionary<string, string>(), diagnostics)!.Clusters.Single();
        var records = CertificateSources.FromCluster(inventory);

        // Then
        Assert.Equal([("web", "CN=amp1 (amphora MASTER)"), ("edge1", "kubernetes root CA"), ("octavia-controller", "CN=octavia-controller")],
            records.Select(r => (r.Target, r.Subject)));
    }

    private static X509Certificate2 Certificate(string subject, DateTimeOffset notAfter, RSA key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notAfter.AddDays(-365), notAfter);
    }

    private static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";
}
