using System.Text.RegularExpressions;

namespace Executor.Shell;

/// <summary>
/// Masks what looks like a secret in text that goes to the journal (a command's output): private key blocks,
/// <c>password=…</c> / <c>token: …</c> style assignments, HTTP authorization headers, passwords in URLs, Keystone
/// Fernet tokens and JWTs. It errs toward masking: a journal is read by more people than the operator.
/// </summary>
public static partial class SecretMask
{
    public const string Mask = "***";

    public static string Apply(string text)
    {
        text = PrivateKeyBlock().Replace(text, m => $"-----BEGIN {m.Groups[1].Value}PRIVATE KEY----- {Mask} -----END {m.Groups[1].Value}PRIVATE KEY-----");
        text = AuthorizationHeader().Replace(text, m => $"{m.Groups[1].Value}{Mask}");
        text = Assignment().Replace(text, m => $"{m.Groups[1].Value}{Mask}");
        text = UrlPassword().Replace(text, m => $"{m.Groups[1].Value}{Mask}@");
        return KnownTokens().Replace(text, Mask);
    }

    [GeneratedRegex(@"-----BEGIN ([A-Z ]*?)PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*?PRIVATE KEY-----|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"(?i)(authorization\s*[:=]\s*(?:bearer|basic|negotiate|token)?\s*)\S+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeader();

    // A key naming a secret, then = or :, then the value up to whitespace, a quote or a separator.
    [GeneratedRegex(@"(?i)(\b[\w.-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)s?[\w.-]*[""']?\s*[:=]\s*[""']?)[^\s""',;&]+",
        RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]+:)[^\s@/]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    // Keystone Fernet tokens (gAAAAA…) and JSON Web Tokens (three base64url parts, the first a JSON header).
    [GeneratedRegex(@"\bgAAAAA[A-Za-z0-9_-]{20,}={0,2}|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex KnownTokens();
}
