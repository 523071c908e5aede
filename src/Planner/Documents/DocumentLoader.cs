using System.Text;
using Planner.Diagnostics;

namespace Planner.Documents;

/// <summary>
/// Turns the bytes of a plan or cluster file into a <see cref="YNode"/> tree, or diagnostics that say
/// why it cannot: empty, binary, not UTF-8, too large, malformed or too deeply nested.
/// </summary>
public static class DocumentLoader
{
    public static YNode? Load(string file, byte[] content, DocumentLimits limits, DiagnosticBag diagnostics)
    {
        var start = new SourceLocation(file, 0, 0);
        if (content.LongLength > limits.MaxBytes)
        {
            diagnostics.Error(DiagnosticCodes.FileTooLarge, start,
                $"the file is {content.LongLength / (1024.0 * 1024):0.#} MiB; the limit for this kind of file is {limits.MaxBytes / (1024 * 1024)} MiB",
                "split it, or check that this is the file you meant");
            return null;
        }

        if (content.AsSpan(0, Math.Min(content.Length, 8192)).IndexOf((byte)0) >= 0 || !System.Text.Unicode.Utf8.IsValid(content))
        {
            diagnostics.Error(DiagnosticCodes.NotText, start, "the file is not UTF-8 text (it looks binary)",
                "give mplan the YAML file itself, not an archive or an encrypted copy");
            return null;
        }

        var offset = content.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var firstChar = FirstSignificantByte(content, offset);
        if (firstChar < 0)
        {
            diagnostics.Error(DiagnosticCodes.EmptyFile, start, "the file is empty", "write a document starting with 'apiVersion: mplan/v1'");
            return null;
        }

        if (content[firstChar] is (byte)'{' or (byte)'[')
        {
            var json = new JsonDocumentReader(file, limits);
            try
            {
                var tree = json.TryRead(content, offset);
                if (tree is not null)
                {
                    return tree;
                }
            }
            catch (InvalidDocumentException e)
            {
                diagnostics.Error(e.Code, e.Location, e.Message, e.Hint);
                return null;
            }
        }

        var text = Encoding.UTF8.GetString(content, offset, content.Length - offset);
        var root = new YamlDocumentReader(file, limits, diagnostics).Read(text);
        if (root is null && !diagnostics.HasErrors)
        {
            diagnostics.Error(DiagnosticCodes.EmptyFile, start, "the file holds no YAML document (only comments or blank lines)",
                "write a document starting with 'apiVersion: mplan/v1'");
        }

        return root;
    }

    private static int FirstSignificantByte(byte[] content, int offset)
    {
        var inComment = false;
        for (var i = offset; i < content.Length; i++)
        {
            var b = content[i];
            if (inComment)
            {
                inComment = b != (byte)'\n';
            }
            else if (b == (byte)'#')
            {
                inComment = true;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return i;
            }
        }

        return -1;
    }
}
