using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Cli.Tests.TestKit;

namespace Cli.Tests;

/// <summary><c>mplan certs scan</c>: expiry tables from PEM bundles and cluster inventories.</summary>
public sealed class CertsScanTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("mplan-scan-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Scan_BundleAndInventory_ListsSoonestFirstWithDaysLeft()
    {
        // Given: a bundle with certificates expiring in 5 and 200 days of the chosen time
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var bundle = WriteBundle(("CN=soon", at.AddDays(5)), ("CN=later", at.AddDays(200)));

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "scan", bundle, "--inventory", "plans/clusters/dc-central.yaml",
            "--at", "2026-12-01T00:00:00Z", "--within", "15d", "--format", "json");

        // Then
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var document = JsonDocument.Parse(output);
        var rows = document.RootElement.GetProperty("certificates").EnumerateArray()
            .Select(c => (c.GetProperty("target").GetString(), c.GetProperty("days_left").GetInt32())).ToList();
        Assert.Equal((bundle, 5), rows[0]);
        Assert.DoesNotContain(rows, r => r.Item2 > 15);
        Assert.Contains(rows, r => r.Item1!.StartsWith("subcloud", StringComparison.Ordinal));
        Assert.Equal(rows.OrderBy(r => r.Item2).ToList(), rows);
    }

    [Fact]
    public async Task Scan_Text_PrintsTheTableAndASummary()
    {
        // Given
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var bundle = WriteBundle(("CN=octavia-controller,O=Example", at.AddDays(-1)));

        // When
        var (exit, output, _) = await Mplan.RunAsync("certs", "scan", bundle, "--at", "2026-12-01T00:00:00Z", "--within", "30d", "--detailed-exitcode");

        // Then: an expired certificate shows negative days and makes the detailed exit code 2
        Assert.Equal(2, exit);
        Assert.Contains("O=Example,CN=octavia-controller", output);
        Assert.Contains("2026-11-30 00:00Z  -1", output);
        Assert.Contains("1 certificate of 1 expire within 30d", output);
    }

    [Fact]
    public async Task Scan_FileWithoutCertificates_FailsAndSaysWhy()
    {
        // Given
        var key = Path.Combine(_scratch, "key.pem");
        using var rsa = RSA.Create(2048);
        await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "scan", key);

        // Then: the key itself is never echoed
        Assert.Equal(1, exit);
        Assert.Contains($"{key}: error: no certificate found", error);
        Assert.DoesNotContain("PRIVATE KEY", output + error);
    }

    private string WriteBundle(params (string Subject, DateTimeOffset NotAfter)[] certificates)
    {
        var path = Path.Combine(_scratch, "bundle.pem");
        using var key = RSA.Create(2048);
        var text = string.Concat(certificates.Select(c =>
        {
            using var certificate = new CertificateRequest(c.Subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(c.NotAfter.AddDays(-365), c.NotAfter);
            return certificate.ExportCertificatePem() + "\n";
        }));
        File.WriteAllText(path, text);
        return path;
    }
}
