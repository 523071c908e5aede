using System.Runtime.Versioning;
using Cli.Tests.TestKit;

namespace Cli.Tests;

/// <summary>
/// <c>mplan certs generate</c> end to end: what it writes, what it prints (never a key or the passphrase), and
/// every way it refuses before writing anything.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class CertsCommandTests : IDisposable
{
    private const string Passphrase = "cli-test \"passphrase\" 🔑";

    private readonly string _scratch = Directory.CreateTempSubdirectory("mplan-certs-").FullName;
    private readonly string _variable = "MPLAN_CERTS_TEST_" + Guid.NewGuid().ToString("N");

    public CertsCommandTests() => Environment.SetEnvironmentVariable(_variable, Passphrase);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task Generate_WritesTheSetAndTheJujuValues_PrintingNoSecret()
    {
        // Given
        var plan = WritePlan(Operation("pki"));

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", plan);

        // Then
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.StartsWith("Operation pki: the Octavia PKI, ec-p256, valid 30d, generated in ", output);
        Assert.Contains($"  CA keys encrypted with the passphrase from the environment variable {_variable}\n", output);
        Assert.Contains("  issuing CA              C=US,O=Example Cloud,CN=Octavia Issuing CA (self-signed)\n", output);
        Assert.Contains("  controller CA           C=US,O=Example Cloud,CN=Octavia Controller CA (self-signed)\n", output);
        Assert.Contains("  controller certificate  CN=octavia-controller (issued by C=US,O=Example Cloud,CN=Octavia Controller CA)\n", output);
        Assert.Equal(3, output.Split("sha256 ").Length - 1);
        foreach (var name in new[] { "issuing_ca.pem", "issuing_ca_key.pem", "controller_ca.pem", "controller_ca_key.pem", "controller_cert.pem", "controller_key.pem", "controller_cert_bundle.pem" })
        {
            var path = Path.Combine(_scratch, "pki", name);
            Assert.True(File.Exists(path), path);
            Assert.Contains(path, output);
        }

        var juju = Path.Combine(_scratch, "values.yaml");
        Assert.Contains($"    0600  {juju}", output);
        Assert.EndsWith($"  next:\n    juju config octavia --file {juju}\n", output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(juju));
        AssertNoSecret(output + error);
    }

    [Fact]
    public async Task Generate_Again_RefusesEveryExistingFile_AndChangesNothing()
    {
        // Given
        var plan = WritePlan(Operation("pki"));
        Assert.Equal(0, (await Mplan.RunAsync("certs", "generate", plan)).ExitCode);
        var before = Snapshot();

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", plan);

        // Then
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(8, error.Split("exists; mplan does not replace it unless the plan says overwrite: true").Length - 1);
        Assert.Contains($"mplan: operation 'pki': {Path.Combine(_scratch, "pki", "issuing_ca.pem")} exists;", error);
        Assert.Contains($"mplan: operation 'pki': {Path.Combine(_scratch, "values.yaml")} exists;", error);
        Assert.EndsWith("Nothing was generated or written.\n", error);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Generate_WithOverwrite_ReplacesTheSet()
    {
        // Given
        var plan = WritePlan(Operation("pki", extra: "      overwrite: true\n"));
        Assert.Equal(0, (await Mplan.RunAsync("certs", "generate", plan)).ExitCode);
        var before = Snapshot();

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", plan);

        // Then
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.All(Snapshot(), file => Assert.NotEqual(before[file.Key], file.Value));
        AssertNoSecret(output);
    }

    [Fact]
    public async Task Generate_WithoutThePassphraseVariable_ExplainsAndWritesNothing()
    {
        // Given
        var plan = WritePlan(Operation("pki", variable: _variable + "_UNSET"));

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", plan);

        // Then
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"mplan: operation 'pki': the CA key passphrase comes from the environment variable {_variable}_UNSET, which is not set; " +
            "export it first (the plan never holds the passphrase)\nNothing was generated or written.\n", error);
        Assert.False(Directory.Exists(Path.Combine(_scratch, "pki")));
    }

    [Fact]
    public async Task Generate_PassphraseFromAFile_Works()
    {
        // Given
        var file = Path.Combine(_scratch, "passphrase.txt");
        await File.WriteAllTextAsync(file, Passphrase + "\n");
        var plan = WritePlan(Operation("pki").Replace($"{{env: {_variable}}}", $"{{file: '{file}'}}", StringComparison.Ordinal));

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", plan);

        // Then
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains($"  CA keys encrypted with the passphrase from the file {file}\n", output);
        Assert.Contains("lb-mgmt-issuing-ca-key-passphrase: \"cli-test \\\"passphrase\\\" 🔑\"\n", await File.ReadAllTextAsync(Path.Combine(_scratch, "values.yaml")));
        AssertNoSecret(output);
    }

    [Fact]
    public async Task Generate_TwoOperationsWritingTheSameFiles_IsRefused()
    {
        // Given
        var plan = WritePlan(Operation("first") + Operation("second"));

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", plan);

        // Then
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"mplan: operation 'second' would write {Path.Combine(_scratch, "pki", "issuing_ca.pem")}, which operation 'first' writes too\n", error);
        Assert.Contains($"mplan: operation 'second' would write {Path.Combine(_scratch, "values.yaml")}, which operation 'first' writes too\n", error);
        Assert.False(Directory.Exists(Path.Combine(_scratch, "pki")));
    }

    [Fact]
    public async Task Generate_OperationOption_PicksOne()
    {
        // Given
        var second = Operation("second").Replace("/pki", "/pki-2", StringComparison.Ordinal).Replace("values.yaml", "values-2.yaml", StringComparison.Ordinal);
        var plan = WritePlan(Operation("first") + second);

        // When
        var (exit, output, _) = await Mplan.RunAsync("certs", "generate", plan, "--operation", "second");
        var (unknownExit, _, unknownError) = await Mplan.RunAsync("certs", "generate", plan, "--operation", "third");

        // Then
        Assert.Equal(0, exit);
        Assert.StartsWith("Operation second:", output);
        Assert.False(Directory.Exists(Path.Combine(_scratch, "pki")));
        Assert.True(Directory.Exists(Path.Combine(_scratch, "pki-2")));
        Assert.Equal(1, unknownExit);
        Assert.Equal($"mplan: {plan} has no octavia.pki operation 'third' (its octavia.pki operations: first, second)\n", unknownError);
    }

    [Fact]
    public async Task Generate_PlanWithoutPki_SaysSo()
    {
        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", "plans/amphora-rotation.yaml");

        // Then
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("mplan: plans/amphora-rotation.yaml has no octavia.pki operation\n", error);
    }

    [Fact]
    public async Task Generate_KubernetesSecretOutput_IsNotSupportedYet()
    {
        // Given
        var plan = WritePlan(Operation("pki").Replace("output: {", "output: {secret: {name: octavia-pki}, ", StringComparison.Ordinal));

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", plan);

        // Then
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith("mplan: operation 'pki': writing the Kubernetes Secret openstack/octavia-pki is not supported yet;", error);
        Assert.False(Directory.Exists(Path.Combine(_scratch, "pki")));
    }

    [Fact]
    public async Task Generate_InvalidPlan_ReportsItsErrors()
    {
        // Given
        var plan = WritePlan(Operation("pki").Replace("keyType: ec-p256", "keyType: rsa1024", StringComparison.Ordinal));

        // When
        var (exit, output, error) = await Mplan.RunAsync("certs", "generate", plan);

        // Then
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("error MP", error);
        Assert.Contains("rsa1024", error);
    }

    [Fact]
    public async Task Help_ListsGenerate()
    {
        // When
        var (exit, output, _) = await Mplan.RunAsync("certs", "--help");

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("generate <PLAN>", output);
    }

    private string Operation(string id, string? variable = null, string extra = "") =>
        $"  - id: {id}\n    uses: octavia.pki\n    with:\n      keyType: ec-p256\n      validity: 30d\n" +
        "      issuingCa: {subject: {C: US, O: Example Cloud, CN: Octavia Issuing CA}}\n" +
        "      controllerCa: {subject: {C: US, O: Example Cloud, CN: Octavia Controller CA}}\n" +
        "      controllerCert: {subject: {CN: octavia-controller}}\n" +
        $"      passphrase: {{env: {variable ?? _variable}}}\n" +
        $"      output: {{dir: '{Path.Combine(_scratch, "pki")}', juju: {{application: octavia, file: '{Path.Combine(_scratch, "values.yaml")}'}}}}\n" +
        extra;

    private string WritePlan(string operations)
    {
        var path = Path.Combine(_scratch, "plan.yaml");
        var cluster = Path.Combine(Repository.Root, "plans", "clusters", "osh-dev.yaml");
        File.WriteAllText(path, "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: pki-test}\n" +
            "windows: [{start: 2026-12-12T20:00:00Z, duration: 2h}]\n" +
            $"clusters: {{charm-cloud: {{file: '{cluster}'}}}}\noperations:\n{operations}");
        return path;
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(_scratch, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("plan.yaml", StringComparison.Ordinal) && !f.EndsWith("passphrase.txt", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllText);

    /// <summary>Neither the passphrase nor any line of any private key or of the juju values appears in what mplan printed.</summary>
    private void AssertNoSecret(string printed)
    {
        Assert.DoesNotContain(Passphrase, printed);
        Assert.DoesNotContain("cli-test", printed);
        Assert.DoesNotContain("PRIVATE KEY", printed);
        foreach (var file in Directory.GetFiles(_scratch, "*", SearchOption.AllDirectories).Where(f => f.EndsWith("key.pem", StringComparison.Ordinal) || f.EndsWith("bundle.pem", StringComparison.Ordinal) || f.EndsWith("values.yaml", StringComparison.Ordinal)))
        {
            foreach (var line in File.ReadAllLines(file).Where(l => !l.StartsWith("-----", StringComparison.Ordinal) && !l.StartsWith('#') && l.Length > 16))
            {
                Assert.DoesNotContain(line.Trim(), printed);
            }
        }
    }
}
