using System.Globalization;

namespace Cli.Tests.Mutation;

/// <summary>
/// Mutations of the bytes, blind to YAML: a flipped byte, a line deleted, repeated, swapped or re-indented, the file
/// cut short, or something inserted (a tab, a NUL, a byte order mark, invalid UTF-8, a stray YAML indicator).
/// </summary>
internal static class RawMutator
{
    private static readonly (string Name, byte[] Bytes)[] Insertions =
    [
        ("a tab", [0x09]),
        ("a NUL", [0x00]),
        ("a UTF-8 byte order mark", [0xEF, 0xBB, 0xBF]),
        ("invalid UTF-8 (0xFF)", [0xFF]),
        ("a lone continuation byte (0x80)", [0x80]),
        ("a truncated UTF-8 sequence (0xE2 0x82)", [0xE2, 0x82]),
        ("an overlong UTF-8 slash (0xC0 0xAF)", [0xC0, 0xAF]),
        ("a carriage return", [0x0D]),
        ("a colon", [(byte)':']),
        ("'- '", [(byte)'-', (byte)' ']),
        ("'['", [(byte)'[']),
        ("'{'", [(byte)'{']),
        ("an anchor '&a '", [(byte)'&', (byte)'a', (byte)' ']),
        ("an alias '*a'", [(byte)'*', (byte)'a']),
        ("a tag '!!binary '", [.. "!!binary "u8]),
        ("a directive line '%YAML 1.1'", [.. "\n%YAML 1.1\n"u8]),
        ("a document marker '---'", [.. "\n---\n"u8]),
        ("a quote", [(byte)'"']),
        ("a '#'", [(byte)'#']),
        ("an emoji", [.. "\U0001F4A5"u8]),
        ("a U+2028 line separator", [.. "\u2028"u8]),
        ("an escape character", [0x1B]),
    ];

    private static readonly Func<byte[], Random, (string, string, byte[])>[] Mutations =
    [
        FlipByte, DeleteLine, RepeatLine, SwapLines, Reindent, Truncate, Insert, Insert,
    ];

    public static (string Mutator, string Description, byte[] Content) Mutate(byte[] content, Random random) =>
        Mutations[random.Next(Mutations.Length)](content, random);

    private static (string, string, byte[]) FlipByte(byte[] content, Random random)
    {
        if (content.Length == 0)
        {
            return Insert(content, random);
        }

        var offset = random.Next(content.Length);
        var mutated = (byte[])content.Clone();
        mutated[offset] = random.Next(2) == 0 ? (byte)(content[offset] ^ (1 << random.Next(8))) : (byte)random.Next(256);
        return ("flip-byte", $"byte {offset} ({Where(content, offset)}) 0x{content[offset]:X2} -> 0x{mutated[offset]:X2}", mutated);
    }

    private static (string, string, byte[]) DeleteLine(byte[] content, Random random)
    {
        var lines = Lines(content);
        var line = random.Next(lines.Count);
        lines.RemoveAt(line);
        return ("delete-line", $"line {line + 1} deleted", Join(lines));
    }

    private static (string, string, byte[]) RepeatLine(byte[] content, Random random)
    {
        var lines = Lines(content);
        var line = random.Next(lines.Count);
        var times = random.Next(1, 3);
        lines.InsertRange(line, Enumerable.Repeat(lines[line], times));
        return ("repeat-line", $"line {line + 1} repeated {times}x", Join(lines));
    }

    private static (string, string, byte[]) SwapLines(byte[] content, Random random)
    {
        var lines = Lines(content);
        var (a, b) = (random.Next(lines.Count), random.Next(lines.Count));
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return ("swap-lines", $"lines {a + 1} and {b + 1} swapped", Join(lines));
    }

    private static (string, string, byte[]) Reindent(byte[] content, Random random)
    {
        var lines = Lines(content);
        var line = random.Next(lines.Count);
        var shift = random.Next(2) == 0 ? -random.Next(1, 5) : random.Next(1, 5);
        var text = lines[line];
        lines[line] = shift > 0
            ? [.. Enumerable.Repeat((byte)' ', shift), .. text]
            : text[Math.Min(-shift, text.TakeWhile(b => b == (byte)' ').Count())..];
        return ("reindent", $"line {line + 1} indented by {shift.ToString(CultureInfo.InvariantCulture)}", Join(lines));
    }

    private static (string, string, byte[]) Truncate(byte[] content, Random random)
    {
        var length = random.Next(content.Length + 1);
        return ("truncate", $"cut to {length} bytes ({Where(content, length)})", content[..length]);
    }

    private static (string, string, byte[]) Insert(byte[] content, Random random)
    {
        var (name, bytes) = Insertions[random.Next(Insertions.Length)];
        var offset = random.Next(content.Length + 1);
        return ("insert", $"{name} inserted at byte {offset} ({Where(content, offset)})", [.. content[..offset], .. bytes, .. content[offset..]]);
    }

    private static string Where(byte[] content, int offset)
    {
        var before = content.AsSpan(0, Math.Min(offset, content.Length));
        return $"line {before.Count((byte)'\n') + 1}, column {offset - (before.LastIndexOf((byte)'\n') + 1) + 1}";
    }

    // Lines without their '\n'; a file ending in '\n' has no empty last line here, and Join puts the '\n' back.
    private static List<byte[]> Lines(byte[] content)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\n')
            {
                lines.Add(content[start..i]);
                start = i + 1;
            }
        }

        if (start < content.Length || lines.Count == 0)
        {
            lines.Add(content[start..]);
        }

        return lines;
    }

    private static byte[] Join(List<byte[]> lines) => [.. lines.SelectMany(l => l.Append((byte)'\n'))];
}
