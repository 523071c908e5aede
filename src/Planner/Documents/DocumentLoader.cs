using System.Text;
using Planner.Diagnostics;

namespace Planner.Documents;

/// <summary>
/// Turns the bytes of a plan or cluster file into a <see cref="YNode"/> tree, or diagnostics that say
/// why it cannot: empty, binary, not UTF-8, too large, malformed or too deeply nested.
/// </summary>
public static class DocumentLoader
{
    public static YNode? Load(string file, byte[] content, DocumentLimits limits, DiagnosticBag diagnostics) =>
        Load(file, content, limits, diagnostics, null);

    /// <summary>Loads a document; a JSON one's root lists named in <paramref name="itemReaders"/> are read by those (see <see cref="IItemReader"/>).</summary>
    internal static YNode? Load(string file, byte[] content, DocumentLimits limits, DiagnosticBag diagnostics, Func<string, IItemReader?>? itemReaders)
    {
        var start = new SourceLocation(file, 0, 0);
        if (content.LongLength > limits.MaxBytes)
        {
            diagnostics.Error(DiagnosticCodes.FileTooLarge, start,
                $"the file is {content.LongLength / (1024.0 * 1024):0.#} MiB; the limit for this kind of file is {limits.MaxBytes / (1024 * 1024)} MiB",
                "split it, or check that this is the file you meant");
            return null;
        }

        if (!IsUtf8Text(file, content, diagnostics))
        {
            return null;
        }

        var offset = content.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var firstChar = FirstSignificantByte(content, offset);
        if (firstChar < 0)
        {
            diagnostics.Error(DiagnosticCodes.EmptyFile, start,
                content.AsSpan(offset).ContainsAnyExcept(" \t\r\n"u8) ? "the file holds no YAML document, only comments" : "the file is empty",
                "write a document starting with 'apiVersion: mplan/v1'");
            return null;
        }

        if (content[firstChar] is (byte)'{' or (byte)'[')
        {
            var json = new JsonDocumentReader(file, limits) { ItemReaders = itemReaders };
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
        var errorsBefore = diagnostics.Items.Count(d => d.IsError);
        var root = new YamlDocumentReader(file, limits, diagnostics).Read(text);
        if (root is null && diagnostics.Items.Count(d => d.IsError) == errorsBefore)
        {
            diagnostics.Error(DiagnosticCodes.EmptyFile, start, "the file holds no YAML document (only comments or blank lines)",
                "write a document starting with 'apiVersion: mplan/v1'");
        }

        return root;
    }

    // NUL bytes mean binary or UTF-16; otherwise the first byte that is not UTF-8 is pointed at, as editors show it.
    private static bool IsUtf8Text(string file, byte[] content, DiagnosticBag diagnostics)
    {
        var head = content.AsSpan(0, Math.Min(content.Length, 8192));
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            diagnostics.Error(DiagnosticCodes.NotText, new SourceLocation(file, 1, 1), "the file is UTF-16 text (it starts with a UTF-16 byte order mark); mplan reads UTF-8",
                "save the file as UTF-8");
            return false;
        }

        var nul = head.IndexOf((byte)0);
        if (nul >= 0)
        {
            diagnostics.Error(DiagnosticCodes.NotText, At(file, content, nul), "the file is binary (it holds a NUL byte here), not YAML text",
                "give mplan the YAML file itself, not an archive or an encrypted copy");
            return false;
        }

        if (System.Text.Unicode.Utf8.IsValid(content))
        {
            return true;
        }

        var offset = 0;
        while (offset < content.Length && Rune.DecodeFromUtf8(content.AsSpan(offset), out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        diagnostics.Error(DiagnosticCodes.NotText, At(file, content, offset), $"the file is not valid UTF-8: byte 0x{content[offset]:X2} here is not part of a UTF-8 character",
            "save the file as UTF-8 (it may be in Latin-1 or Windows-1252)");
        return false;
    }

    // The line and column of a byte, counting characters as an editor does (after a UTF-8 byte order mark).
    private static SourceLocation At(string file, byte[] content, int offset)
    {
        var lineStart = Math.Max(content.AsSpan(0, offset).LastIndexOf((byte)'\n') + 1, content.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);
        var line = content.AsSpan(0, offset).Count((byte)'\n') + 1;
        return new SourceLocation(file, line, Encoding.UTF8.GetCharCount(content, lineStart, Math.Max(0, offset - lineStart)) + 1);
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
