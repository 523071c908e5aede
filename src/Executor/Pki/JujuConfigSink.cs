using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;

namespace Executor.Pki;

/// <summary>
/// The values of the Octavia charm's PKI options, in a YAML file for <c>juju config APPLICATION --file FILE</c>:
/// <c>lb-mgmt-issuing-cacert</c>, <c>lb-mgmt-issuing-ca-private-key</c>, <c>lb-mgmt-controller-cacert</c> and
/// <c>lb-mgmt-controller-cert</c> (the bundle) base64-encoded, and <c>lb-mgmt-issuing-ca-key-passphrase</c> as is.
/// The file holds secrets, so it is written 0600 and never printed; the command line names only the file.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class JujuConfigSink : IPkiSink
{
    private readonly JujuOutput _output;
    private readonly PkiPassphrase _passphrase;
    private readonly bool _overwrite;

    /// <param name="output">The application and the file (relative to the current directory unless absolute).</param>
    /// <param name="passphrase">The issuing CA key's passphrase, which the charm needs as an option.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    public JujuConfigSink(JujuOutput output, PkiPassphrase passphrase, bool overwrite)
    {
        _output = output;
        _passphrase = passphrase;
        _overwrite = overwrite;
    }

    /// <inheritdoc />
    public string Description => $"juju config values for {_output.Application} in {_output.File}";

    /// <inheritdoc />
    public IReadOnlyList<string> Targets => [Path.GetFullPath(_output.File)];

    /// <summary>The command that applies the file; it names the file and nothing secret.</summary>
    public string CommandLine => $"juju config {ShellWord(_output.Application)} --file {ShellWord(_output.File)}";

    /// <inheritdoc />
    public IReadOnlyList<string> Check() => SecureFile.Problem(_output.File, _overwrite) is { } problem ? [problem] : [];

    /// <inheritdoc />
    public PkiSinkResult Write(PkiSet set)
    {
        if (Check() is [var first, ..])
        {
            throw new PkiException(first);
        }

        if (Path.GetDirectoryName(_output.File) is { Length: > 0 } directory && !Directory.Exists(directory))
        {
            throw new PkiException($"cannot write {_output.File}: the directory {directory} does not exist");
        }

        SecureFile.Write(_output.File, SecureFile.Private, _overwrite, Render(set));
        return new PkiSinkResult(
            [new PkiWritten(_output.File, $"juju config values for {_output.Application} (holds the CA key and its passphrase)", SecureFile.ModeText(SecureFile.Private), true)],
            [CommandLine]);
    }

    /// <summary>Writes the YAML document: the application, then its options.</summary>
    internal Action<TextWriter> Render(PkiSet set) => writer =>
    {
        writer.WriteLine("# Octavia PKI values for 'juju config " + _output.Application + " --file <this file>', written by mplan.");
        writer.WriteLine("# It holds the issuing CA's key and passphrase: keep it private (0600), do not commit or share it.");
        writer.Write(YamlKey(_output.Application));
        writer.WriteLine(':');
        writer.WriteLine($"  lb-mgmt-issuing-cacert: {Base64(set.IssuingCa.CertificatePem)}");
        writer.WriteLine($"  lb-mgmt-issuing-ca-private-key: {Base64(set.IssuingCa.PrivateKeyPem)}");
        writer.Write("  lb-mgmt-issuing-ca-key-passphrase: ");
        WriteDoubleQuoted(writer, _passphrase.Chars);
        writer.WriteLine();
        writer.WriteLine($"  lb-mgmt-controller-cacert: {Base64(set.ControllerCa.CertificatePem)}");
        writer.WriteLine($"  lb-mgmt-controller-cert: {Base64(set.ControllerBundlePem)}");
    };

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

    private static string YamlKey(string key)
    {
        if (PlainKey().IsMatch(key))
        {
            return key;
        }

        var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteDoubleQuoted(text, key);
        return text.ToString();
    }

    /// <summary>A YAML double-quoted scalar: backslash, quote and control characters escaped, the rest as is.</summary>
    private static void WriteDoubleQuoted(TextWriter writer, ReadOnlySpan<char> value)
    {
        writer.Write('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    writer.Write("\\\"");
                    break;
                case '\\':
                    writer.Write("\\\\");
                    break;
                case < ' ' or '\u007f' or '\u0085' or '\u2028' or '\u2029':
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
                    break;
                default:
                    writer.Write(c);
                    break;
            }
        }

        writer.Write('"');
    }

    /// <summary>A word for a POSIX shell: as is when it is plainly safe, in single quotes otherwise.</summary>
    private static string ShellWord(string word) =>
        SafeShellWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex PlainKey();

    [GeneratedRegex("^[A-Za-z0-9_./:=@%+-]+$")]
    private static partial Regex SafeShellWord();
}
