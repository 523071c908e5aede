namespace Simulator.Clusters;

/// <summary>Random (version 4) UUIDs drawn from a seeded <see cref="Random"/>, so generated files are reproducible.</summary>
internal static class SeededUuid
{
    public static string Next(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        Span<char> text = stackalloc char[36];
        var at = 0;
        for (var i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                text[at++] = '-';
            }

            text[at++] = "0123456789abcdef"[bytes[i] >> 4];
            text[at++] = "0123456789abcdef"[bytes[i] & 0xF];
        }

        return new string(text);
    }
}
