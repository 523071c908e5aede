using System.Text;

namespace Cli;

/// <summary>
/// A write-only stream of UTF-8 bytes onto a <see cref="TextWriter"/>, so engine code that writes bytes (a generated
/// cluster file) can stream to the command's output, which tests replace with a string. Multi-byte characters split
/// across writes are decoded correctly. Under a UTF-8 <see cref="StreamWriter"/> without a byte order mark (the
/// console's) the bytes go straight to its stream once what it holds is flushed: decoding them only for the writer to
/// encode them again took a good part of the output time of a large plan's 26 MB of JSON (bench/README.md).
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private readonly Stream? _direct = writer is StreamWriter { Encoding: UTF8Encoding utf8 } streamWriter && utf8.GetPreamble().Length == 0 ? streamWriter.BaseStream : null;
    private char[] _chars = new char[4096];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_direct is not null)
        {
            writer.Flush();
            _direct.Write(buffer);
            return;
        }

        var needed = _decoder.GetCharCount(buffer, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[needed];
        }

        var count = _decoder.GetChars(buffer, _chars, flush: false);
        writer.Write(_chars, 0, count);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => writer.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
