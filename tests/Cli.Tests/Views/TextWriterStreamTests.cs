using System.Text;

namespace Cli.Tests.Views;

public sealed class TextWriterStreamTests
{
    private const string Text = "{\"name\": \"lb-é-ü-€-😀\"}";

    [Fact]
    public void Write_UnderAConsoleLikeStreamWriter_KeepsOrderWithTextWrittenBeforeAndAfter()
    {
        // Given: a UTF-8 writer without a byte order mark, holding text not yet flushed
        var file = new MemoryStream();
        var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
        writer.Write("before ");

        // When: bytes through the stream, split inside multi-byte characters, then more text
        using (var stream = new TextWriterStream(writer))
        {
            var bytes = Encoding.UTF8.GetBytes(Text);
            for (var i = 0; i < bytes.Length; i += 3)
            {
                stream.Write(bytes, i, Math.Min(3, bytes.Length - i));
            }
        }

        writer.Write(" after");
        writer.Flush();

        // Then
        Assert.Equal("before " + Text + " after", new UTF8Encoding(false, true).GetString(file.ToArray()));
    }

    [Fact]
    public void Write_UnderAStringWriter_DecodesCharactersSplitAcrossWrites()
    {
        // Given
        var writer = new StringWriter();
        var bytes = Encoding.UTF8.GetBytes(Text);

        // When
        using (var stream = new TextWriterStream(writer))
        {
            for (var i = 0; i < bytes.Length; i += 3)
            {
                stream.Write(bytes, i, Math.Min(3, bytes.Length - i));
            }
        }

        // Then
        Assert.Equal(Text, writer.ToString());
    }

    [Fact]
    public void Write_UnderAWriterWithAByteOrderMark_TheWriterStillWritesIt()
    {
        // Given: an encoding with a preamble, which only the writer knows to put first
        var file = new MemoryStream();
        var writer = new StreamWriter(file, new UTF8Encoding(true));

        // When
        using (var stream = new TextWriterStream(writer))
        {
            stream.Write(Encoding.UTF8.GetBytes(Text));
        }

        writer.Flush();

        // Then
        Assert.Equal([.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(Text)], file.ToArray());
    }
}
