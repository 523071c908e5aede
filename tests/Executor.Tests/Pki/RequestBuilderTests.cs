using Tests.Shared;
using System.Text;
using Executor.Pki;
using Executor.Tests.TestKit;

namespace Executor.Tests.Pki;

/// <summary>Reading an octavia.pki operation as planned, and resolving its passphrase without ever showing it.</summary>
public sealed class RequestBuilderTests
{
    private const string Secret = "correct horse battery staple";

    [Fact]
    public void ExamplePlan_GivesItsKeyTypeValiditySubjectsAndOutputs()
    {
        // Given
        var path = Path.Combine(Plans.RepositoryRoot, "plans", "octavia-pki-canary.yaml");
        var spec = Plans.Planned(path, new MemoryFiles(diskBehind: true)).Operations.Single(o => o.Spec.Uses == "octavia.pki").Spec;

        // When
        using var operation = PkiRequestBuilder.Build(spec, Environment(("OCTAVIA_CA_PASSPHRASE", Secret)));

        // Then
        Assert.Equal("pki", operation.Id);
        Assert.Equal(PkiKeyType.Rsa2048, operation.Request.KeyType);
        Assert.Equal(TimeSpan.FromDays(365), operation.Request.Validity);
        Assert.Equal("C=US,O=Example Cloud,CN=Octavia Issuing CA", operation.Request.IssuingCa.ToString());
        Assert.Equal("C=US,O=Example Cloud,CN=Octavia Controller CA", operation.Request.ControllerCa.ToString());
        Assert.Equal("C=US,O=Example Cloud,CN=octavia-controller", operation.Request.ControllerCert.ToString());
        Assert.Equal(new PkiOutputs("./octavia-pki", new JujuOutput("octavia", "octavia-pki-config.yaml"), null), operation.Outputs);
        Assert.False(operation.Overwrite);
        Assert.Equal("environment variable OCTAVIA_CA_PASSPHRASE", operation.PassphraseSource);
        Assert.Equal(Secret, new string(operation.Request.Passphrase.Chars));
    }

    [Fact]
    public void Defaults_AreThePlannersDefaults()
    {
        // Given
        var spec = Plans.PkiOperation("{passphrase: {env: PASS}, output: {juju: {application: octavia}}}");

        // When
        using var operation = PkiRequestBuilder.Build(spec, Environment(("PASS", Secret)));

        // Then
        Assert.Equal(PkiKeyType.Rsa2048, operation.Request.KeyType);
        Assert.Equal(TimeSpan.FromDays(365), operation.Request.Validity);
        Assert.Equal(new JujuOutput("octavia", "octavia-pki.yaml"), operation.Outputs.Juju);
        Assert.Null(operation.Outputs.Directory);
        Assert.False(operation.Overwrite);
    }

    [Fact]
    public void Subjects_AreTheOnesThePlannerShows()
    {
        // Given
        var path = "plan.yaml";
        var plan = "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: t}\nwindows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]\n" +
            "clusters: {c: {file: c.yaml}}\noperations:\n" +
            "  - {id: defaults, uses: octavia.pki, with: {passphrase: {env: PASS}, output: {dir: a}}}\n" +
            "  - id: full\n    uses: octavia.pki\n    with:\n      keyType: ec-p256\n      validity: 730d\n      overwrite: true\n" +
            "      issuingCa: {subject: {C: DE, ST: Berlin, L: Berlin, O: Ops, OU: Cloud, CN: Issuing}}\n" +
            "      controllerCa: {subject: {CN: Controller CA, OU: Cloud}}\n      controllerCert: {}\n" +
            "      passphrase: {env: PASS}\n      output: {dir: b, secret: {name: octavia-pki}}\n";
        var resolved = Plans.Planned(path, new MemoryFiles(diskBehind: true).Add(path, plan).Add("c.yaml", "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: c}\nloadBalancers: []\n"));

        foreach (var planned in resolved.Operations)
        {
            // When
            using var operation = PkiRequestBuilder.Build(planned.Spec, Environment(("PASS", Secret)));

            // Then
            string Shown(string name) => planned.Settings.Single(s => s.Name == name).Value;
            Assert.Equal(Shown("issuingCa.subject"), operation.Request.IssuingCa.ToString());
            Assert.Equal(Shown("controllerCa.subject"), operation.Request.ControllerCa.ToString());
            Assert.Equal(Shown("controllerCert.subject"), operation.Request.ControllerCert.ToString());
            Assert.Equal(Shown("keyType"), operation.Request.KeyType.Name());
        }

        using var full = PkiRequestBuilder.Build(resolved.Operations[1].Spec, Environment(("PASS", Secret)));
        Assert.Equal(TimeSpan.FromDays(730), full.Request.Validity);
        Assert.True(full.Overwrite);
        Assert.Equal(new SecretOutput("openstack", "octavia-pki"), full.Outputs.Secret);
        Assert.Equal(new PkiSubject("Issuing", "DE", "Berlin", "Berlin", "Ops", "Cloud"), full.Request.IssuingCa);
    }

    [Fact]
    public void MissingOrEmptyVariable_SaysWhichAndHow()
    {
        // Given
        var spec = Plans.PkiOperation("{passphrase: {env: OCTAVIA_CA_PASSPHRASE}, output: {dir: out}}");

        // When
        var missing = Assert.Throws<PkiException>(() => PkiRequestBuilder.Build(spec, Environment()));
        var empty = Assert.Throws<PkiException>(() => PkiRequestBuilder.Build(spec, Environment(("OCTAVIA_CA_PASSPHRASE", ""))));

        // Then
        Assert.Equal("operation 'pki': the CA key passphrase comes from the environment variable OCTAVIA_CA_PASSPHRASE, which is not set; " +
            "export it first (the plan never holds the passphrase)", missing.Message);
        Assert.Equal("operation 'pki': the CA key passphrase comes from the environment variable OCTAVIA_CA_PASSPHRASE, which is empty", empty.Message);
    }

    [Theory]
    [InlineData("correct horse battery staple\n")]
    [InlineData("correct horse battery staple\r\n")]
    [InlineData("correct horse battery staple")]
    public void PassphraseFile_LosesOneTrailingLineBreak(string content)
    {
        // Given
        var spec = Plans.PkiOperation("{passphrase: {file: /secrets/octavia}, output: {dir: out}}");
        byte[]? read = null;

        // When
        using var operation = PkiRequestBuilder.Build(spec, Environment(), path =>
        {
            Assert.Equal("/secrets/octavia", path);
            return read = Encoding.UTF8.GetBytes(content);
        });

        // Then
        Assert.Equal(Secret, new string(operation.Request.Passphrase.Chars));
        Assert.Equal("file /secrets/octavia", operation.PassphraseSource);
        Assert.All(read!, b => Assert.Equal(0, b));
    }

    [Fact]
    public void PassphraseFile_KeepsInnerAndLeadingWhitespaceAndASecondLineBreak()
    {
        // Given
        var spec = Plans.PkiOperation("{passphrase: {file: p}, output: {dir: out}}");

        // When
        using var operation = PkiRequestBuilder.Build(spec, Environment(), _ => Encoding.UTF8.GetBytes(" two  words\n\n"));

        // Then
        Assert.Equal(" two  words\n", new string(operation.Request.Passphrase.Chars));
    }

    [Fact]
    public void PassphraseFile_MissingEmptyOrBinary_IsRefusedWithoutItsContent()
    {
        // Given
        var spec = Plans.PkiOperation("{passphrase: {file: /secrets/octavia}, output: {dir: out}}");

        // When
        var missing = Assert.Throws<PkiException>(() => PkiRequestBuilder.Build(spec, Environment(), _ => throw new FileNotFoundException("gone", "/secrets/octavia")));
        var denied = Assert.Throws<PkiException>(() => PkiRequestBuilder.Build(spec, Environment(), _ => throw new UnauthorizedAccessException()));
        var empty = Assert.Throws<PkiException>(() => PkiRequestBuilder.Build(spec, Environment(), _ => "\n"u8.ToArray()));
        var binary = Assert.Throws<PkiException>(() => PkiRequestBuilder.Build(spec, Environment(), _ => [.. Encoding.UTF8.GetBytes(Secret), 0xff]));

        // Then
        Assert.Equal("operation 'pki': cannot read the CA key passphrase from the file /secrets/octavia: no such file", missing.Message);
        Assert.Equal("operation 'pki': cannot read the CA key passphrase from the file /secrets/octavia: permission denied", denied.Message);
        Assert.Equal("operation 'pki': the CA key passphrase file /secrets/octavia is empty", empty.Message);
        Assert.Equal("operation 'pki': the CA key passphrase file /secrets/octavia: the passphrase is not UTF-8 text", binary.Message);
        Assert.DoesNotContain("horse", binary.Message);
    }

    [Fact]
    public void PassphraseFile_IsReadFromDiskRelativeToTheCurrentDirectory()
    {
        // Given
        var directory = Directory.CreateTempSubdirectory("mplan-pass-").FullName;
        var file = Path.Combine(directory, "passphrase");
        File.WriteAllText(file, Secret + "\n");
        var spec = Plans.PkiOperation($"{{passphrase: {{file: '{file}'}}, output: {{dir: out}}}}");

        try
        {
            // When
            using var operation = PkiRequestBuilder.Build(spec, Environment());

            // Then
            Assert.Equal(Secret, new string(operation.Request.Passphrase.Chars));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void EnvAndFileBoth_TheVariableWins_AsThePlannerShows()
    {
        // Given
        var spec = Plans.PkiOperation("{passphrase: {env: PASS, file: /nowhere}, output: {dir: out}}");

        // When
        using var operation = PkiRequestBuilder.Build(spec, Environment(("PASS", Secret)), _ => throw new InvalidOperationException("the file is not read"));

        // Then
        Assert.Equal("environment variable PASS", operation.PassphraseSource);
    }

    [Fact]
    public void SecretOutput_IsNotSupportedYet_AndSaysSo()
    {
        // Given
        var spec = Plans.PkiOperation("{passphrase: {env: PASS}, output: {dir: out, secret: {namespace: openstack, name: octavia-pki}}}");
        using var operation = PkiRequestBuilder.Build(spec, Environment(("PASS", Secret)));

        // When
        var error = Assert.Throws<PkiException>(() => PkiSinks.For(operation));

        // Then
        Assert.StartsWith("operation 'pki': writing the Kubernetes Secret openstack/octavia-pki is not supported yet", error.Message);
    }

    [Fact]
    public void Sinks_FollowTheOutputs_PemFilesThenJuju()
    {
        // Given
        var spec = Plans.PkiOperation("{passphrase: {env: PASS}, output: {juju: {application: octavia, file: values.yaml}, dir: out}}");
        using var operation = PkiRequestBuilder.Build(spec, Environment(("PASS", Secret)));

        // When
        var sinks = PkiSinks.For(operation);

        // Then
        Assert.Equal(["PEM files in out", "juju config values for octavia in values.yaml"], sinks.Select(s => s.Description));
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();
}
