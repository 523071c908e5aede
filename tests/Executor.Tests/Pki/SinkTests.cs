using System.Text;
using Executor.Pki;
using Executor.Tests.TestKit;
using YamlDotNet.RepresentationModel;

namespace Executor.Tests.Pki;

/// <summary>The output side: PEM files and the juju values file, their modes, and refusing to overwrite.</summary>
public sealed class SinkTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _scratch = Directory.CreateTempSubdirectory("mplan-pki-sinks-").FullName;

    private static PkiSet Set => GeneratedPki.For("ec-p256").Set;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void PemFiles_OneExistingFile_IsReportedAndNothingIsWritten()
    {
        // Given
        var directory = Path.Combine(_scratch, "pki");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "controller_key.pem"), "keep me");
        var sink = new PemDirectorySink(directory, overwrite: false);

        // When
        var problems = sink.Check();
        var error = Assert.Throws<PkiException>(() => sink.Write(Set));

        // Then
        var expected = $"{Path.Combine(directory, "controller_key.pem")} exists; mplan does not replace it unless the plan says overwrite: true";
        Assert.Equal([expected], problems);
        Assert.Equal(expected, error.Message);
        Assert.Equal(["controller_key.pem"], Directory.GetFiles(directory).Select(Path.GetFileName));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(directory, "controller_key.pem")));
    }

    [Fact]
    public void PemFiles_WithOverwrite_ReplaceAndTightenTheMode()
    {
        // Given
        var directory = Path.Combine(_scratch, "pki");
        Directory.CreateDirectory(directory);
        var key = Path.Combine(directory, "issuing_ca_key.pem");
        File.WriteAllText(key, "old");
        File.SetUnixFileMode(key, Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var sink = new PemDirectorySink(directory, overwrite: true);

        // When
        var problems = sink.Check();
        var result = sink.Write(Set);

        // Then
        Assert.Empty(problems);
        Assert.Equal(Set.IssuingCa.PrivateKeyPem, File.ReadAllText(key));
        Assert.Equal(Private, File.GetUnixFileMode(key));
        Assert.Equal(7, result.Written.Count);
        Assert.Equal(4, result.Written.Count(w => w.Secret && w.Mode == "0600"));
        Assert.Equal(3, result.Written.Count(w => !w.Secret && w.Mode == "0644"));
        Assert.Empty(result.NextSteps);
        Assert.Empty(Directory.GetFiles(directory, ".*"));
    }

    [Fact]
    public void PemFiles_AFileWhereTheDirectoryShouldBe_IsRefused()
    {
        // Given
        var path = Path.Combine(_scratch, "pki");
        File.WriteAllText(path, "");

        // When
        var problems = new PemDirectorySink(path, overwrite: true).Check();

        // Then
        Assert.Equal([$"{path} is a file, not a directory"], problems);
    }

    [Fact]
    public void PemFiles_DirectoryThatCannotBeCreated_IsAClearError()
    {
        // Given: a parent that is a file
        var parent = Path.Combine(_scratch, "not-a-directory");
        File.WriteAllText(parent, "");
        var sink = new PemDirectorySink(Path.Combine(parent, "pki"), overwrite: false);

        // When
        var error = Assert.Throws<PkiException>(() => sink.Write(Set));

        // Then
        Assert.StartsWith($"cannot create the directory {Path.Combine(parent, "pki")}: ", error.Message);
    }

    [Fact]
    public void PemFiles_Targets_AreTheSevenFullPaths()
    {
        // When
        var targets = new PemDirectorySink("relative/pki", overwrite: false).Targets;

        // Then
        Assert.Equal(7, targets.Count);
        Assert.All(targets, t => Assert.True(Path.IsPathFullyQualified(t)));
        Assert.Contains(Path.GetFullPath("relative/pki/controller_cert_bundle.pem"), targets);
    }

    [Theory]
    [InlineData("plain-passphrase")]
    [InlineData("with \"quotes\" and \\backslashes\\")]
    [InlineData("yaml: looks # like 'yaml' - [x] {y} &z *w !t | > % @ `")]
    [InlineData("line\nbreak\ttab\u0001control\u2028separator")]
    [InlineData("pässwörd 🔑 ünïcödé")]
    [InlineData(" leading and trailing spaces ")]
    [InlineData("yes")]
    [InlineData("0123")]
    public void JujuValues_RoundTripEveryValue_AndTheFileIsPrivate(string secret)
    {
        // Given
        using var passphrase = new PkiPassphrase(secret);
        var file = Path.Combine(_scratch, "octavia-pki.yaml");
        var sink = new JujuConfigSink(new JujuOutput("octavia", file), passphrase, overwrite: false);

        // When
        var result = sink.Write(Set);

        // Then
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(file)));
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var options = (YamlMappingNode)root.Children[new YamlScalarNode("octavia")];
        string Option(string name) => ((YamlScalarNode)options.Children[new YamlScalarNode(name)]).Value!;
        string Decoded(string name) => Encoding.ASCII.GetString(Convert.FromBase64String(Option(name)));
        Assert.Single(root.Children);
        Assert.Equal(5, options.Children.Count);
        Assert.Equal(Set.IssuingCa.CertificatePem, Decoded("lb-mgmt-issuing-cacert"));
        Assert.Equal(Set.IssuingCa.PrivateKeyPem, Decoded("lb-mgmt-issuing-ca-private-key"));
        Assert.Equal(secret, Option("lb-mgmt-issuing-ca-key-passphrase"));
        Assert.Equal(Set.ControllerCa.CertificatePem, Decoded("lb-mgmt-controller-cacert"));
        Assert.Equal(Set.ControllerBundlePem, Decoded("lb-mgmt-controller-cert"));
        Assert.Equal(Private, File.GetUnixFileMode(file));
        Assert.Equal([$"juju config octavia --file {file}"], result.NextSteps);
        Assert.DoesNotContain(secret, string.Join("\n", result.NextSteps.Concat(result.Written.Select(w => w.ToString()))));
    }

    [Fact]
    public void JujuValues_ExistingFile_IsRefusedUnlessOverwrite()
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");
        var file = Path.Combine(_scratch, "values.yaml");
        File.WriteAllText(file, "octavia: {}\n");

        // When
        var refused = Assert.Throws<PkiException>(() => new JujuConfigSink(new JujuOutput("octavia", file), passphrase, overwrite: false).Write(Set));
        var contentAfterRefusal = File.ReadAllText(file);
        new JujuConfigSink(new JujuOutput("octavia", file), passphrase, overwrite: true).Write(Set);

        // Then
        Assert.Equal($"{file} exists; mplan does not replace it unless the plan says overwrite: true", refused.Message);
        Assert.Equal("octavia: {}\n", contentAfterRefusal);
        Assert.Contains("lb-mgmt-issuing-ca-key-passphrase: \"secret-passphrase\"", File.ReadAllText(file));
        Assert.Equal(Private, File.GetUnixFileMode(file));
    }

    [Fact]
    public void JujuValues_MissingDirectory_IsAClearError()
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");
        var file = Path.Combine(_scratch, "no", "values.yaml");

        // When
        var error = Assert.Throws<PkiException>(() => new JujuConfigSink(new JujuOutput("octavia", file), passphrase, overwrite: false).Write(Set));

        // Then
        Assert.Equal($"cannot write {file}: the directory {Path.Combine(_scratch, "no")} does not exist", error.Message);
    }

    [Theory]
    [InlineData("octavia", "octavia-pki.yaml", "juju config octavia --file octavia-pki.yaml")]
    [InlineData("octavia", "./config/octavia pki.yaml", "juju config octavia --file './config/octavia pki.yaml'")]
    [InlineData("octavia", "it's.yaml", "juju config octavia --file 'it'\\''s.yaml'")]
    [InlineData("octavia-2", "$(rm -rf ~).yaml", "juju config octavia-2 --file '$(rm -rf ~).yaml'")]
    public void JujuCommandLine_NamesTheFileQuotedForTheShell(string application, string file, string expected)
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");

        // When
        var line = new JujuConfigSink(new JujuOutput(application, file), passphrase, overwrite: false).CommandLine;

        // Then
        Assert.Equal(expected, line);
    }
}
