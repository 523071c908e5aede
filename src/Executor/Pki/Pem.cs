using System.Text;

namespace Executor.Pki;

/// <summary>PEM encoding (RFC 7468): base64 in 64-character lines, <c>\n</c> line ends, on every platform.</summary>
internal static class Pem
{
    public static string Encode(string label, ReadOnlySpan<byte> der)
    {
        var base64 = Convert.ToBase64String(der);
        var text = new StringBuilder(base64.Length + (base64.Length / 64) + (2 * label.Length) + 40);
        text.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return text.Append("-----END ").Append(label).Append("-----\n").ToString();
    }
}
