using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace Planner.Documents;

/// <summary>
/// Reading a large file's big list on two cores: a cluster file of 100,000 load balancers is one list of 97 % of its
/// bytes, and building its tree is a fifth of the plan's time, while the other core has nothing to do yet.
/// </summary>
/// <remarks>
/// A second reader starts at a guess, near the middle of the file, of where an item of a list at the top of the
/// document begins, and reads the items from there to the list's end. The first reader reads from the start; when it
/// has read the item just before the guess in such a list, the guess is proven right: it takes the second reader's
/// items and goes on after the list. If it gets past the guess anywhere else, the guess was wrong (inside a string,
/// or a deeper list), and it reads on alone. Either way the tree and any error are those of one reader from the
/// start: the second reader begins in the state the first one has there (inside an object and a list, after an item),
/// and the first error after the guess is the first error of the file once the first half read without one.
/// </remarks>
internal sealed partial class JsonDocumentReader
{
    private SecondHalf? _secondHalf;

    /// <summary>From this size on, the big list is read in two halves (tests lower it).</summary>
    internal int SplitFromBytes { get; init; } = 4 << 20;

    /// <summary>Whether the last read took the second reader's items (tests check that the split they meant happened).</summary>
    internal bool ReadInTwoHalves { get; private set; }

    private JsonDocumentReader Sibling() => new(file, limits) { _bytes = _bytes, ItemReaders = ItemReaders };

    // The first reader has read an item of a top-level list that ends at or past the guess.
    private void JoinOrAbandon(ref Utf8JsonReader reader, List<YNode> items, SecondHalf half)
    {
        _secondHalf = null;
        if (_offset + reader.BytesConsumed != half.JoinsAt || ItemReaderOf(_rootKey) != ItemReaderOf(half.ListKey))
        {
            // A wrong guess of where an item starts, or of the list's key (its items were read for another list).
            half.Abandon();
            return;
        }

        var part = half.Wait();
        if (part.Error is not null)
        {
            ExceptionDispatchInfo.Throw(part.Error);
        }

        items.AddRange(part.Items);
        ReadInTwoHalves = true;
        (_line, _column, _scannedTo, _offset) = (part.Line, part.Column, part.ScannedTo, part.EndOfList); // no need to count the second half's lines again
        reader = new Utf8JsonReader(_bytes.AsSpan(_offset), isFinalBlock: true, reader.CurrentState);
    }

    // The second reader: the items from the one after the comma at `comma` to the end of their list.
    private Part ReadItemsFrom(int start, int comma, SecondHalf half)
    {
        var before = _bytes.AsSpan(start, comma - start);
        var lastNewline = before.LastIndexOf((byte)'\n');
        _line = 1 + before.Count((byte)'\n');
        _scannedTo = lastNewline < 0 ? start : start + lastNewline + 1;
        _column = 0;
        _offset = comma;
        _depth = SecondHalf.Depth;

        // The state of a reader after an item of a list in an object, so that the comma and what follows read as they
        // do for the first reader, with the same depth limit.
        var prefix = new Utf8JsonReader("{\"\":[{}"u8, isFinalBlock: false, new JsonReaderState(Options));
        while (prefix.Read())
        {
        }

        var reader = new Utf8JsonReader(_bytes.AsSpan(comma), isFinalBlock: true, prefix.CurrentState);
        var items = new List<YNode>();
        var itemReader = ItemReaderOf(half.ListKey);
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (half.IsAbandoned)
                {
                    return Part.Failed(new OperationCanceledException());
                }

                items.Add(itemReader is not null && reader.TokenType == JsonTokenType.StartObject ? ReadItem(ref reader, itemReader) : ReadValue(ref reader));
            }

            return new Part(items, _offset + (int)reader.TokenStartIndex, _line, _column, _scannedTo, null);
        }
        catch (Exception e) when (e is JsonException or InvalidDocumentException)
        {
            return Part.Failed(e);
        }
    }

    private sealed record Part(List<YNode> Items, int EndOfList, int Line, int Column, int ScannedTo, Exception? Error)
    {
        public static Part Failed(Exception error) => new([], 0, 0, 0, 0, error);
    }

    private sealed class SecondHalf
    {
        /// <summary>The depth (as the reader counts it) of the items of a list that is a value of the root object.</summary>
        public const int Depth = 2;

        private const int SearchBytes = 1 << 16;
        private Task<Part> _task = Task.FromResult(Part.Failed(new OperationCanceledException()));
        private volatile bool _abandoned;

        private SecondHalf(int joinsAt, string? listKey) => (JoinsAt, ListKey) = (joinsAt, listKey);

        /// <summary>Where the item before the guess ends: the first reader joins when it has read up to here.</summary>
        public int JoinsAt { get; }

        /// <summary>
        /// The root mapping's key of the list the guess is in, guessed too (the last <c>"key": [</c> ending a line before
        /// it), so that its items go to that list's item reader; the first reader checks it when it joins. Null when
        /// the document has no item readers or none is found.
        /// </summary>
        public string? ListKey { get; }

        public bool IsAbandoned => _abandoned;

        /// <summary>Starts the second reader on another thread, or returns null when no guess is found near the middle.</summary>
        public static SecondHalf? Start(JsonDocumentReader first, int start)
        {
            if (!TryGuessItemStart(first._bytes, start + ((first._bytes.Length - start) / 2), out var comma, out var joinsAt))
            {
                return null;
            }

            var half = new SecondHalf(joinsAt, first.ItemReaders is null ? null : ListKeyBefore(first._bytes, start, comma));
            var second = first.Sibling();
            half._task = Task.Factory.StartNew(() => second.ReadItemsFrom(start, comma, half), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return half;
        }

        public Part Wait() => _task.GetAwaiter().GetResult();

        public void Abandon() => _abandoned = true;

        // A '{' that begins a line and follows a comma: in a file written one item per line (as `mplan cluster generate`
        // and most tools write lists), the least indented of these near the middle begins an item of the biggest list.
        private static bool TryGuessItemStart(byte[] bytes, int from, out int comma, out int joinsAt)
        {
            (comma, joinsAt) = (-1, -1);
            var bestIndent = int.MaxValue;
            var end = Math.Min(bytes.Length, from + SearchBytes);
            for (var newline = from; (newline = IndexOf(bytes, (byte)'\n', newline, end)) >= 0; newline++)
            {
                var brace = newline + 1;
                while (brace < end && bytes[brace] is (byte)' ' or (byte)'\t' or (byte)'\r')
                {
                    brace++;
                }

                var before = LastNonSpace(bytes, newline - 1);
                if (brace >= end || bytes[brace] != (byte)'{' || before < 0 || bytes[before] != (byte)',' || brace - newline >= bestIndent)
                {
                    continue;
                }

                var itemEnd = LastNonSpace(bytes, before - 1);
                if (itemEnd >= 0)
                {
                    (comma, joinsAt, bestIndent) = (before, itemEnd + 1, brace - newline);
                }
            }

            return comma >= 0;
        }

        // "key": [ at the end of a line: where a list written one item per line opens. Keys with escapes are not guessed.
        private static string? ListKeyBefore(byte[] bytes, int start, int comma)
        {
            var before = bytes.AsSpan(start, comma - start);
            var bracket = before.LastIndexOf("[\n"u8);
            if (bracket < 0)
            {
                return null;
            }

            var line = before[(before[..bracket].LastIndexOf((byte)'\n') + 1)..bracket].Trim(" \t"u8).TrimEnd(":"u8).TrimEnd(" \t"u8);
            return line.Length >= 2 && line[0] == '"' && line[^1] == '"' && line[1..^1].IndexOfAny("\"\\"u8) < 0
                ? System.Text.Encoding.UTF8.GetString(line[1..^1])
                : null;
        }

        private static int IndexOf(byte[] bytes, byte value, int from, int end)
        {
            var index = bytes.AsSpan(from, end - from).IndexOf(value);
            return index < 0 ? -1 : from + index;
        }

        private static int LastNonSpace(byte[] bytes, int at) =>
            at < 0 ? -1 : bytes.AsSpan(0, at + 1).LastIndexOfAnyExcept(" \t\r\n"u8);
    }
}
