using System.Collections.Concurrent;
using System.Globalization;
using Executor.Pki;

namespace Executor.Tests.TestKit;

/// <summary>
/// One generated Octavia PKI per key type, written with the real sinks to a temporary directory and shared by the
/// tests (key generation is the slow part). Each case has its own clock, validity and subjects, so the tests check
/// that what the request asked for is what OpenSSL reads back.
/// </summary>
internal sealed class GeneratedPki
{
    /// <summary>A passphrase that YAML, shells and encodings could each get wrong.</summary>
    public const string Passphrase = "pässwörd \"quoted\" \\ $HOME: #1 🔑";

    /// <summary>The environment variable the tests hand to <c>openssl -passin env:</c>.</summary>
    public const string PassphraseVariable = "MPLAN_TEST_PKI_PASSPHRASE";

    public static readonly IReadOnlyList<string> KeyTypes = ["rsa2048", "rsa3072", "rsa4096", "ec-p256"];

    private static readonly ConcurrentDictionary<string, Lazy<GeneratedPki>> Cache = new(StringComparer.Ordinal);
    private static readonly string Root = CreateRoot();

    public required PkiKeyType KeyType { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required TimeSpan Validity { get; init; }

    public required PkiRequest Request { get; init; }

    public required PkiSet Set { get; init; }

    public required string Directory { get; init; }

    public required string JujuFile { get; init; }

    public required PkiSinkResult JujuResult { get; init; }

    public static IReadOnlyDictionary<string, string> PassphraseEnvironment { get; } = new Dictionary<string, string> { [PassphraseVariable] = Passphrase };

    /// <summary>Key types as theory data.</summary>
    public static TheoryData<string> Cases => [.. KeyTypes];

    /// <summary>The notBefore the generator must have used: the clock less a minute, in whole seconds.</summary>
    public DateTimeOffset NotBefore => Now - TimeSpan.FromMinutes(1);

    public DateTimeOffset NotAfter => NotBefore + Validity;

    /// <summary>An <c>openssl verify -attime</c> value inside the validity.</summary>
    public string During => (Now + TimeSpan.FromHours(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public string File(string name) => Path.Combine(Directory, name);

    public static GeneratedPki For(string keyType) => Cache.GetOrAdd(keyType, k => new Lazy<GeneratedPki>(() => Generate(k))).Value;

    private static GeneratedPki Generate(string keyTypeName)
    {
        var keyType = PkiKeyTypes.Parse(keyTypeName) ?? throw new ArgumentException(keyTypeName);

        // rsa2048 takes the request's defaults (365 days); ec-p256 ends after 2049, where X.509 switches to GeneralizedTime.
        var (now, validity) = keyType switch
        {
            PkiKeyType.Rsa2048 => (new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), (TimeSpan?)null),
            PkiKeyType.Rsa3072 => (new DateTimeOffset(2026, 12, 5, 22, 30, 15, TimeSpan.Zero), TimeSpan.FromDays(90)),
            PkiKeyType.Rsa4096 => (new DateTimeOffset(2027, 7, 14, 8, 5, 0, TimeSpan.Zero), TimeSpan.FromDays(730)),
            _ => (new DateTimeOffset(2045, 6, 1, 0, 0, 30, TimeSpan.Zero), TimeSpan.FromDays(3650)),
        };
        var passphrase = new PkiPassphrase(Passphrase);
        var request = validity is { } v
            ? new PkiRequest
            {
                KeyType = keyType,
                Validity = v,
                IssuingCa = new PkiSubject("Octavia Issuing CA " + keyTypeName, "US", "Texas", "Austin", "Example Cloud", "Cloud Ops"),
                ControllerCa = new PkiSubject("Octavia Controller CA " + keyTypeName, "US", "Texas", "Austin", "Example Cloud", "Cloud Ops"),
                ControllerCert = new PkiSubject("octavia-controller", "US", "Texas", "Austin", "Example Cloud", "Cloud Ops"),
                Passphrase = passphrase,
            }
            : new PkiRequest
            {
                IssuingCa = new PkiSubject("Octavia Issuing CA", "US", Organization: "Example Cloud"),
                ControllerCa = new PkiSubject("Octavia Controller CA", "US", Organization: "Example Cloud"),
                ControllerCert = new PkiSubject("octavia-controller", "US", Organization: "Example Cloud"),
                Passphrase = passphrase,
            };
        var set = new PkiGenerator(new FixedTime(now), Randoms.Seeded("fixture " + keyTypeName)).Generate(request);
        var directory = Path.Combine(Root, keyTypeName);
        var jujuFile = Path.Combine(Root, keyTypeName + "-octavia-pki.yaml");
        new PemDirectorySink(directory, overwrite: false).Write(set);
        var juju = new JujuConfigSink(new JujuOutput("octavia", jujuFile), passphrase, overwrite: false).Write(set);
        return new GeneratedPki
        {
            KeyType = keyType,
            Now = now,
            Validity = request.Validity,
            Request = request,
            Set = set,
            Directory = directory,
            JujuFile = jujuFile,
            JujuResult = juju,
        };
    }

    private static string CreateRoot()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("mplan-pki-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(root, recursive: true);
        return root;
    }
}
