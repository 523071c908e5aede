using Planner.Documents;
using Planner.Model;
using static Planner.Documents.NodeReader;

namespace Executor.Pki;

/// <summary>
/// Turns a planned <c>octavia.pki</c> operation into a <see cref="PkiOperation"/>: reads its <c>with:</c> mapping
/// (schema-valid, as the planner left it) with the planner's defaults, and resolves the passphrase from the
/// environment variable or the file it names. Errors name the variable or the file, never the passphrase.
/// </summary>
public static class PkiRequestBuilder
{
    /// <summary>The operation kind this builder reads.</summary>
    public const string Uses = "octavia.pki";

    /// <summary>The juju values file when the plan names none (as the planner shows it).</summary>
    public const string DefaultJujuFile = "octavia-pki.yaml";

    /// <summary>The Secret's namespace when the plan names none (as the planner shows it).</summary>
    public const string DefaultSecretNamespace = "openstack";

    /// <param name="operation">The operation as planned (<c>uses: octavia.pki</c>).</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="readFile">Reads a file's bytes; relative paths are relative to the current directory.</param>
    public static PkiOperation Build(OperationSpec operation, Func<string, string?> environment, Func<string, byte[]>? readFile = null)
    {
        if (operation.Uses != Uses)
        {
            throw new PkiException($"operation '{operation.Id}' is {operation.Uses}, not {Uses}");
        }

        var with = operation.With;
        var keyTypeName = String(with, "keyType") ?? "rsa2048";
        var keyType = PkiKeyTypes.Parse(keyTypeName)
            ?? throw new PkiException($"operation '{operation.Id}': unknown keyType '{keyTypeName}' (rsa2048, rsa3072, rsa4096 or ec-p256)");
        var output = Map(with, "output");
        var juju = Map(output, "juju");
        var secret = Map(output, "secret");
        var outputs = new PkiOutputs(
            String(output, "dir"),
            juju is null ? null : new JujuOutput(String(juju, "application") ?? "octavia", String(juju, "file") ?? DefaultJujuFile),
            secret is null ? null : new SecretOutput(String(secret, "namespace") ?? DefaultSecretNamespace, String(secret, "name") ?? ""));
        if (outputs is { Directory: null, Juju: null, Secret: null })
        {
            throw new PkiException($"operation '{operation.Id}': output names nowhere to write (dir, juju or secret)");
        }

        var (passphrase, source) = Passphrase(operation.Id, Map(with, "passphrase"), environment, readFile ?? File.ReadAllBytes);
        return new PkiOperation
        {
            Id = operation.Id,
            Request = new PkiRequest
            {
                KeyType = keyType,
                Validity = Duration(with, "validity") ?? TimeSpan.FromDays(365),
                IssuingCa = Subject(with, "issuingCa", "Octavia Issuing CA"),
                ControllerCa = Subject(with, "controllerCa", "Octavia Controller CA"),
                ControllerCert = Subject(with, "controllerCert", "Octavia Controller"),
                Passphrase = passphrase,
            },
            PassphraseSource = source,
            Outputs = outputs,
            Overwrite = Bool(with, "overwrite") ?? false,
        };
    }

    /// <summary>The subject at <c>with.NAME.subject</c>, or just the default common name (the planner's defaults).</summary>
    private static PkiSubject Subject(YMapping? with, string name, string defaultCommonName)
    {
        var subject = Map(Map(with, name), "subject");
        return subject is null
            ? new PkiSubject(defaultCommonName)
            : new PkiSubject(String(subject, "CN") ?? "", String(subject, "C"), String(subject, "ST"), String(subject, "L"), String(subject, "O"), String(subject, "OU"));
    }

    /// <summary>
    /// The passphrase from <c>{env: VARIABLE}</c> (used as is) or <c>{file: path}</c> (one trailing line break removed,
    /// as <c>echo</c> and editors leave one). When both are given, env wins, as the planner shows it.
    /// </summary>
    private static (PkiPassphrase Passphrase, string Source) Passphrase(string id, YMapping? spec, Func<string, string?> environment, Func<string, byte[]> readFile)
    {
        if (String(spec, "env") is { } variable)
        {
            var source = $"environment variable {variable}";
            var value = environment(variable);
            if (value is null)
            {
                throw new PkiException($"operation '{id}': the CA key passphrase comes from the {source}, which is not set; export it first (the plan never holds the passphrase)");
            }

            if (value.Length == 0)
            {
                throw new PkiException($"operation '{id}': the CA key passphrase comes from the {source}, which is empty");
            }

            return (new PkiPassphrase(value), source);
        }

        if (String(spec, "file") is { } path)
        {
            var source = $"file {path}";
            byte[] bytes;
            try
            {
                bytes = readFile(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var reason = e switch
                {
                    FileNotFoundException => "no such file",
                    DirectoryNotFoundException => "no such directory",
                    UnauthorizedAccessException => "permission denied",
                    _ => "it cannot be read",
                };
                throw new PkiException($"operation '{id}': cannot read the CA key passphrase from the {source}: {reason}");
            }

            try
            {
                var length = bytes.Length;
                if (length > 0 && bytes[length - 1] == '\n')
                {
                    length--;
                    if (length > 0 && bytes[length - 1] == '\r')
                    {
                        length--;
                    }
                }

                if (length == 0)
                {
                    throw new PkiException($"operation '{id}': the CA key passphrase file {path} is empty");
                }

                try
                {
                    return (PkiPassphrase.FromUtf8(bytes.AsSpan(0, length)), source);
                }
                catch (PkiException e)
                {
                    throw new PkiException($"operation '{id}': the CA key passphrase file {path}: {e.Message}");
                }
            }
            finally
            {
                Array.Clear(bytes);
            }
        }

        throw new PkiException($"operation '{id}': with.passphrase names neither an environment variable (env) nor a file (file)");
    }
}
