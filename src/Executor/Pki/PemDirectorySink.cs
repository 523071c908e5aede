using System.Runtime.Versioning;

namespace Executor.Pki;

/// <summary>
/// The set as PEM files in a directory, with the names of the charm deployment guide: certificates 0644, private
/// keys and the controller bundle 0600. A new directory is created 0700. Existing files are refused unless overwrite
/// is set, all of them checked before any is written; if a write fails, the files this sink created are removed.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PemDirectorySink : IPkiSink
{
    private readonly string _directory;
    private readonly bool _overwrite;

    /// <param name="directory">Where the files go; relative to the current directory unless absolute.</param>
    /// <param name="overwrite">Replace existing files.</param>
    public PemDirectorySink(string directory, bool overwrite)
    {
        _directory = directory;
        _overwrite = overwrite;
    }

    /// <summary>The file names, in the order they are written, with what each holds.</summary>
    public static IReadOnlyList<(string Name, string Content, bool Secret)> Files { get; } =
    [
        ("issuing_ca.pem", "issuing CA certificate", false),
        ("issuing_ca_key.pem", "issuing CA key (encrypted)", true),
        ("controller_ca.pem", "controller CA certificate", false),
        ("controller_ca_key.pem", "controller CA key (encrypted)", true),
        ("controller_cert.pem", "controller certificate", false),
        ("controller_key.pem", "controller key", true),
        ("controller_cert_bundle.pem", "controller certificate and key", true),
    ];

    /// <inheritdoc />
    public string Description => $"PEM files in {_directory}";

    /// <inheritdoc />
    public IReadOnlyList<string> Targets => [.. Files.Select(f => Path.GetFullPath(Path.Combine(_directory, f.Name)))];

    /// <inheritdoc />
    public IReadOnlyList<string> Check()
    {
        if (File.Exists(_directory))
        {
            return [$"{_directory} is a file, not a directory"];
        }

        return [.. Files.Select(f => SecureFile.Problem(Path.Combine(_directory, f.Name), _overwrite)).OfType<string>()];
    }

    /// <inheritdoc />
    public PkiSinkResult Write(PkiSet set)
    {
        if (Check() is [var first, ..])
        {
            throw new PkiException(first);
        }

        if (!Directory.Exists(_directory))
        {
            try
            {
                Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PkiException($"cannot create the directory {_directory}: {e.Message}", e);
            }
        }

        string[] contents =
        [
            set.IssuingCa.CertificatePem, set.IssuingCa.PrivateKeyPem,
            set.ControllerCa.CertificatePem, set.ControllerCa.PrivateKeyPem,
            set.ControllerCert.CertificatePem, set.ControllerCert.PrivateKeyPem,
            set.ControllerBundlePem,
        ];
        var written = new List<PkiWritten>();
        var created = new List<string>();
        try
        {
            for (var i = 0; i < Files.Count; i++)
            {
                var (name, content, secret) = Files[i];
                var path = Path.Combine(_directory, name);
                var existed = File.Exists(path);
                var mode = secret ? SecureFile.Private : SecureFile.Public;
                var text = contents[i];
                SecureFile.Write(path, mode, _overwrite, writer => writer.Write(text));
                if (!existed)
                {
                    created.Add(path);
                }

                written.Add(new PkiWritten(path, content, SecureFile.ModeText(mode), secret));
            }
        }
        catch (PkiException)
        {
            created.ForEach(SecureFile.TryDelete);
            throw;
        }

        return new PkiSinkResult(written, []);
    }
}
