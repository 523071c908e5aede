using Executor.Pki;
using Executor.Tests.TestKit;

namespace Executor.Tests.Pki;

/// <summary>What the generator refuses, and that its time and randomness come only from what it is given.</summary>
public sealed class GeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 12, 20, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Octavia CA", "Octavia CA")]
    [InlineData("Octavia CA", "octavia ca")]
    [InlineData("Octavia CA", "  Octavia   CA ")]
    public void CasWithEquivalentSubjects_AreRefused(string issuing, string controller)
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");
        var request = new PkiRequest
        {
            KeyType = PkiKeyType.EcP256,
            IssuingCa = new PkiSubject(issuing, "US", Organization: "Example"),
            ControllerCa = new PkiSubject(controller, "US", Organization: "Example"),
            ControllerCert = new PkiSubject("controller"),
            Passphrase = passphrase,
        };

        // When
        var error = Assert.Throws<PkiException>(() => Generator("a").Generate(request));

        // Then
        Assert.Contains("the issuing CA and the controller CA have the same subject", error.Message);
        Assert.DoesNotContain("secret-passphrase", error.Message);
    }

    [Fact]
    public void ValidityUnderADay_IsRefused()
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");
        var request = new PkiRequest
        {
            KeyType = PkiKeyType.EcP256,
            Validity = TimeSpan.FromHours(23),
            IssuingCa = new PkiSubject("issuing"),
            ControllerCa = new PkiSubject("controller CA"),
            ControllerCert = new PkiSubject("controller"),
            Passphrase = passphrase,
        };

        // When
        var error = Assert.Throws<PkiException>(() => Generator("a").Generate(request));

        // Then
        Assert.Equal("certificates need at least one day of validity", error.Message);
    }

    [Fact]
    public void SubjectWithoutCommonName_IsRefused()
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");
        var request = new PkiRequest
        {
            KeyType = PkiKeyType.EcP256,
            IssuingCa = new PkiSubject("issuing"),
            ControllerCa = new PkiSubject("controller CA"),
            ControllerCert = new PkiSubject(" ", "US"),
            Passphrase = passphrase,
        };

        // When
        var error = Assert.Throws<PkiException>(() => Generator("a").Generate(request));

        // Then
        Assert.Equal("a certificate subject needs a common name (CN)", error.Message);
    }

    [Fact]
    public void SameClockAndSeed_GiveTheSameSet_AnotherSeedAnotherSet()
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");

        // When
        var first = Generator("seed one").Generate(Request(passphrase, PkiKeyType.EcP256));
        var again = Generator("seed one").Generate(Request(passphrase, PkiKeyType.EcP256));
        var other = Generator("seed two").Generate(Request(passphrase, PkiKeyType.EcP256));

        // Then
        Assert.Equal(Pems(first), Pems(again));
        Assert.All(Pems(first).Zip(Pems(other)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void NotBefore_IsTheInjectedClockLessAMinute_InWholeSeconds()
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");
        var clock = new FixedTime(new DateTimeOffset(2026, 12, 12, 20, 0, 0, 999, TimeSpan.FromHours(2)));

        // When
        var set = new PkiGenerator(clock, Randoms.Seeded("clock")).Generate(Request(passphrase, PkiKeyType.EcP256));

        // Then
        var expected = new DateTimeOffset(2026, 12, 12, 17, 59, 0, TimeSpan.Zero);
        Assert.All(set.All, c => Assert.Equal(expected, c.NotBefore));
        Assert.All(set.All, c => Assert.Equal(expected + TimeSpan.FromDays(365), c.NotAfter));
        Assert.All(set.All, c => Assert.Equal(TimeSpan.Zero, c.NotBefore.Offset));
    }

    [Fact]
    public void SecretsNeverPrintThemselves()
    {
        // Given
        using var passphrase = new PkiPassphrase("secret-passphrase");
        var set = Generator("print").Generate(Request(passphrase, PkiKeyType.EcP256));

        // When
        string[] printed = [passphrase.ToString(), $"{passphrase}", set.ToString()!, set.ControllerCert.ToString()!, set.IssuingCa.Subject.ToString()];

        // Then
        Assert.All(printed, p => Assert.DoesNotContain("secret-passphrase", p));
        Assert.All(printed, p => Assert.DoesNotContain("PRIVATE KEY", p));
        Assert.Equal("(passphrase hidden)", passphrase.ToString());
    }

    [Fact]
    public void Passphrase_EmptyOrNotUtf8_IsRefused_AndDisposeClearsIt()
    {
        // Given / When
        var empty = Assert.Throws<PkiException>(() => new PkiPassphrase(""));
        var binary = Assert.Throws<PkiException>(() => PkiPassphrase.FromUtf8([0x73, 0xff, 0x65]));
        var passphrase = PkiPassphrase.FromUtf8("pässwörd"u8);
        var length = passphrase.Length;
        passphrase.Dispose();

        // Then
        Assert.Equal("the passphrase is empty", empty.Message);
        Assert.Equal("the passphrase is not UTF-8 text", binary.Message);
        Assert.Equal(8, length);
        Assert.True(passphrase.Chars.ToArray().All(c => c == '\0'));
    }

    [Fact]
    public void KeyTypes_RoundTripThroughTheirPlanNames()
    {
        foreach (var keyType in Enum.GetValues<PkiKeyType>())
        {
            Assert.Equal(keyType, PkiKeyTypes.Parse(keyType.Name()));
        }

        Assert.Null(PkiKeyTypes.Parse("rsa1024"));
    }

    private static PkiGenerator Generator(string seed) => new(new FixedTime(Now), Randoms.Seeded(seed));

    private static PkiRequest Request(PkiPassphrase passphrase, PkiKeyType keyType) => new()
    {
        KeyType = keyType,
        IssuingCa = new PkiSubject("Octavia Issuing CA"),
        ControllerCa = new PkiSubject("Octavia Controller CA"),
        ControllerCert = new PkiSubject("octavia-controller"),
        Passphrase = passphrase,
    };

    private static string[] Pems(PkiSet set) => [.. set.All.SelectMany(c => new[] { c.CertificatePem, c.PrivateKeyPem })];
}
