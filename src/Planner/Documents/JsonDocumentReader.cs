using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Planner.Diagnostics;

namespace Planner.Documents;

/// <summary>
/// A fast path for documents written as JSON (which is also YAML): builds the same <see cref="YNode"/>
/// tree about ten times faster than the YAML parser, which matters for inventories of 100,000 objects.
/// </summary>
internal sealed partial class JsonDocumentReader(string file, DocumentLimits limits) : IItemReading
{
    private const int MaxInternedLength = 24;
    private const int MaxInternedCount = 8192;

    // Keys and short values ("ACTIVE", "amphora", "role") repeat by the hundred thousand: share one string.
    private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);

    // Keys are the runtime's interned strings, the very instances of the literals the binder and the schema check look
    // them up with, so that a lookup usually ends at a reference comparison (see YMapping.IndexOf). Only keys: they come
    // from the schemas' small vocabularies, while values (names, ids) would grow the process-wide pool without bound.
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    // Entries and items are gathered in a scratch list per nesting depth, then copied into an array of the exact size.
    private readonly List<List<YField>> _entryScratch = [];
    private readonly List<List<YNode>> _itemScratch = [];
    private int _depth;

    /// <summary>The readers of root lists' items, by the list's key (see <see cref="IItemReader"/>); null for none.</summary>
    internal Func<string, IItemReader?>? ItemReaders { get; init; }

    // The root mapping's key whose value is being read: a list there is read by ItemReaders(key), if any.
    private string? _rootKey;

    // The objects of a list repeat their keys in the same order: per depth, the keys of the last object read there
    // (as UTF-8 and as text), compared before a key is decoded and looked up.
    private const int CachedKeys = 16;
    private readonly List<(byte[] Utf8, string Text)[]> _recentKeys = [];
    private byte[] _bytes = [];
    private int _offset;   // where the reader's span starts in _bytes
    private int _scannedTo;
    private int _line = 1;
    private int _column;

    /// <summary>Returns the tree, or null when the text is not strict JSON (the caller then parses it as YAML).</summary>
    public YNode? TryRead(byte[] utf8, int start)
    {
        _bytes = utf8;
        _depth = 0;
        _offset = start;
        var reader = new Utf8JsonReader(utf8.AsSpan(start), Options);
        _scannedTo = start;
        ReadInTwoHalves = false;
        _secondHalf = utf8.Length - start >= SplitFromBytes ? SecondHalf.Start(this, start) : null;
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            var root = ReadValue(ref reader);
            return reader.Read() ? null : root;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            _secondHalf?.Abandon();
            _secondHalf = null;
        }
    }

    private JsonReaderOptions Options => new() { MaxDepth = limits.MaxDepth };

    // The methods below run once per token of files of up to millions of tokens, in one pass: optimised code from the
    // first call, rather than the precompiled (ReadyToRun) code, which cannot inline System.Text.Json's reader across
    // assemblies and is replaced only later. The 100k-LB cluster file: 0.45 s -> 0.35 s (bench/README.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private YNode ReadValue(ref Utf8JsonReader reader)
    {
        var (line, column) = Position(_offset + (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, line, column);
            case JsonTokenType.StartArray:
                var items = Scratch(_itemScratch);
                var splitsHere = _secondHalf is not null && _depth == SecondHalf.Depth;
                var itemReader = _depth == SecondHalf.Depth ? ItemReaderOf(_rootKey) : null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(itemReader is not null && reader.TokenType == JsonTokenType.StartObject ? ReadItem(ref reader, itemReader) : ReadValue(ref reader));
                    if (splitsHere && _secondHalf is { } half && _offset + reader.BytesConsumed >= half.JoinsAt)
                    {
                        JoinOrAbandon(ref reader, items, half);
                    }
                }

                _depth--;
                YNode[] array = [.. items];
                items.Clear();
                return new YSequence(file, line, column, array);
            default:
                var (text, kind) = Scalar(ref reader);
                return new YScalar(file, line, column, text, kind);
        }
    }

    // An object's scalar value stays a field (text, kind, position) until read: see YField.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private YField ScalarField(ref Utf8JsonReader reader, string key, int keyLine, int keyColumn)
    {
        var (line, column) = Position(_offset + (int)reader.TokenStartIndex);
        var (text, kind) = Scalar(ref reader);
        return new YField(key, keyLine, keyColumn, text, kind, line, column);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (string Text, ScalarKind Kind) Scalar(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return (Text(ref reader, _interned, intern: false), ScalarKind.String);
            case JsonTokenType.Number:
                var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                var isInteger = raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
                return (raw, isInteger ? ScalarKind.Integer : ScalarKind.Float);
            case JsonTokenType.True:
                return ("true", ScalarKind.Boolean);
            case JsonTokenType.False:
                return ("false", ScalarKind.Boolean);
            default:
                return ("null", ScalarKind.Null);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private YMapping ReadObject(ref Utf8JsonReader reader, int line, int column)
    {
        var entries = Scratch(_entryScratch);
        while (_recentKeys.Count < _depth)
        {
            _recentKeys.Add(new (byte[], string)[CachedKeys]);
        }

        var recentKeys = _recentKeys[_depth - 1];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (keyLine, keyColumn) = Position(_offset + (int)reader.TokenStartIndex);
            var key = Key(ref reader, recentKeys, entries.Count);
            foreach (var existing in entries)
            {
                if (existing.Key == key)
                {
                    throw new InvalidDocumentException(DiagnosticCodes.DuplicateKey, new SourceLocation(file, keyLine, keyColumn),
                        $"duplicate key {DiagnosticText.Quote(key)}", "a key may appear once per mapping; remove or merge the repeated entry");
                }
            }

            reader.Read();
            if (_depth == 1)
            {
                _rootKey = key;
            }

            entries.Add(reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                ? new YField(key, keyLine, keyColumn, ReadValue(ref reader))
                : ScalarField(ref reader, key, keyLine, keyColumn));
        }

        _depth--;
        YField[] array = [.. entries];
        entries.Clear();
        return new YMapping(file, line, column, array);
    }

    private IItemReader? ItemReaderOf(string? rootKey) => rootKey is null ? null : ItemReaders?.Invoke(rootKey);

    // An item through its list's reader, or, when that refuses it, as nodes from the same place (the reader and the
    // position count rewound).
    private YNode ReadItem(ref Utf8JsonReader reader, IItemReader itemReader)
    {
        var start = reader;
        var (line, column, scannedTo) = (_line, _column, _scannedTo);
        var (itemLine, itemColumn) = Position(_offset + (int)reader.TokenStartIndex);
        if (itemReader.TryRead(ref reader, this) is { } item)
        {
            return new YBound(file, itemLine, itemColumn, item);
        }

        reader = start;
        (_line, _column, _scannedTo) = (line, column, scannedTo);
        return ReadValue(ref reader);
    }

    string IItemReading.Text(ref Utf8JsonReader reader) => Text(ref reader, _interned, intern: false);

    SourceLocation IItemReading.At(ref Utf8JsonReader reader)
    {
        var (line, column) = Position(_offset + (int)reader.TokenStartIndex);
        return new SourceLocation(file, line, column);
    }

    private List<T> Scratch<T>(List<List<T>> pool)
    {
        while (pool.Count <= _depth)
        {
            pool.Add([]);
        }

        return pool[_depth++];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Key(ref Utf8JsonReader reader, (byte[] Utf8, string Text)[] recentKeys, int index)
    {
        if (index >= CachedKeys || reader.ValueIsEscaped)
        {
            return Text(ref reader, _keys, intern: true);
        }

        var recent = recentKeys[index];
        if (recent.Utf8 is not null && reader.ValueSpan.SequenceEqual(recent.Utf8))
        {
            return recent.Text;
        }

        var key = Text(ref reader, _keys, intern: true);
        recentKeys[index] = (reader.ValueSpan.ToArray(), key);
        return key;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Text(ref Utf8JsonReader reader, Dictionary<string, string> shared, bool intern)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > MaxInternedLength)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxInternedLength * 2];
        var count = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        var lookup = shared.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..count], out var known))
        {
            return known;
        }

        var text = new string(chars[..count]);
        if (shared.Count < MaxInternedCount)
        {
            text = intern ? string.Intern(text) : text;
            shared[text] = text;
        }

        return text;
    }

    // Tokens arrive in order, so line and column counting only ever scans forward. Columns count characters (as the
    // YAML parser and editors do), not bytes: 'é' before a token on its line is one column, not two.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int Line, int Column) Position(int byteOffset)
    {
        var span = _bytes.AsSpan(_scannedTo, byteOffset - _scannedTo);
        int newline;
        while ((newline = span.IndexOf((byte)'\n')) >= 0)
        {
            _line++;
            _column = 0;
            _scannedTo += newline + 1;
            span = _bytes.AsSpan(_scannedTo, byteOffset - _scannedTo);
        }

        _column += System.Text.Ascii.IsValid(span) ? span.Length : Encoding.UTF8.GetCharCount(span);
        _scannedTo = byteOffset;
        return (_line, _column + 1);
    }
}
