using Planner.Diagnostics;

namespace Planner.Documents;

/// <summary>
/// A node of a loaded YAML or JSON document, typed by the YAML 1.2 core schema, with its position.
/// The schema validator and the binders read this tree, so every error can point at its source.
/// </summary>
public abstract class YNode(string file, int line, int column)
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public SourceLocation Location => new(File, Line, Column);

    /// <summary>The JSON type name used in schema messages: object, array, string, integer, number, boolean or null.</summary>
    public abstract string TypeName { get; }
}

/// <summary>The YAML 1.2 core-schema type of a scalar.</summary>
public enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

/// <summary>A scalar: its text as written and the type the core schema gives it.</summary>
public sealed class YScalar(string file, int line, int column, string value, ScalarKind kind) : YNode(file, line, column)
{
    public string Value { get; } = value;

    public ScalarKind Kind { get; } = kind;

    public override string TypeName => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "boolean",
        ScalarKind.Integer => "integer",
        ScalarKind.Float => "number",
        _ => "string",
    };

    public bool IsString => Kind == ScalarKind.String;

    public bool AsBoolean() => Kind == ScalarKind.Boolean && Value.Equals("true", StringComparison.OrdinalIgnoreCase);

    public long AsInteger() => CoreSchema.ParseInteger(Value);

    public double AsNumber() => CoreSchema.Number(Value, Kind);

    public override string ToString() => Value;
}

/// <summary>A mapping, with its entries in document order.</summary>
/// <remarks>
/// Entries are kept as <see cref="YField"/>s (key text and position, value): a cluster of 100,000 load balancers has
/// over a million keys, and a node object for each would be a fifth of the tree. The key nodes that
/// <see cref="Entries"/> shows are made on first use (for JSON; YAML's are kept as read), and so are the nodes of a
/// JSON object's scalar values (see <see cref="YField"/>).
/// </remarks>
public sealed class YMapping : YNode
{
    private readonly YField[] _fields;
    private KeyValuePair<YScalar, YNode>[]? _entries;

    /// <summary>A mapping with the key nodes it was read with (YAML, whose keys may be of any scalar type).</summary>
    public YMapping(string file, int line, int column, KeyValuePair<YScalar, YNode>[] entries)
        : base(file, line, column)
    {
        _entries = entries;
        _fields = new YField[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var key = entries[i].Key;
            _fields[i] = new YField(key.Value, key.Line, key.Column, entries[i].Value);
        }
    }

    /// <summary>A mapping whose keys are strings (JSON objects).</summary>
    internal YMapping(string file, int line, int column, YField[] fields)
        : base(file, line, column) => _fields = fields;

    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries => _entries ??= [.. _fields.Select((_, i) => new KeyValuePair<YScalar, YNode>(KeyNode(i), ValueAt(i)))];

    /// <summary>The entries without key nodes, for the loops that run over every mapping of a large document.</summary>
    internal ReadOnlySpan<YField> Fields => _fields;

    public override string TypeName => "object";

    public YNode? this[string key] => IndexOf(key) is var index and >= 0 ? ValueAt(index) : null;

    /// <summary>Whether the mapping has <paramref name="key"/>; unlike the indexer, it makes no node for a scalar value (see <see cref="YField"/>).</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>
    /// The text and kind of the scalar at <paramref name="key"/>, read without making its node (see <see cref="YField"/>);
    /// false when the key is absent or its value is not a scalar.
    /// </summary>
    public bool TryGetScalar(string key, out string text, out ScalarKind kind)
    {
        if (IndexOf(key) is var index and >= 0)
        {
            return _fields[index].TryScalar(out text, out kind);
        }

        (text, kind) = ("", ScalarKind.Null);
        return false;
    }

    private int IndexOf(string key)
    {
        // The JSON reader's keys and the callers' literals are the same interned strings: compare references first
        // (binding 100,000 load balancers looks up keys two million times), then text, for keys read otherwise.
        for (var index = 0; index < _fields.Length; index++)
        {
            if (ReferenceEquals(_fields[index].Key, key))
            {
                return index;
            }
        }

        for (var index = 0; index < _fields.Length; index++)
        {
            if (_fields[index].Key == key)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>The value of entry <paramref name="index"/>.</summary>
    internal YNode ValueAt(int index) => _entries is { } entries ? entries[index].Value : _fields[index].ValueIn(File);

    public YScalar? KeyOf(string key) => Entries.FirstOrDefault(e => e.Key.Value == key).Key;

    /// <summary>The key of entry <paramref name="index"/> as a node, for messages that point at it.</summary>
    internal YScalar KeyNode(int index) =>
        _entries is { } entries ? entries[index].Key : new YScalar(File, _fields[index].Line, _fields[index].Column, _fields[index].Key, ScalarKind.String);
}

/// <summary>
/// A mapping entry: the key's text and position, and the value. A JSON object's scalar value is kept here as its text,
/// kind and position, and becomes a <see cref="YScalar"/> only when read (<see cref="ValueIn"/>), which then lives
/// only as long as its reader needs it. A cluster of 100,000 load balancers has 1.3 million such values: as nodes they
/// were half of the tree's objects, and every collection while the tree lives has to visit them.
/// </summary>
internal readonly struct YField
{
    private readonly object _value; // the value's node, or a scalar's text
    private readonly int _valueLine;
    private readonly int _valueColumn;
    private readonly ScalarKind _kind;

    public YField(string key, int line, int column, YNode value)
    {
        (Key, Line, Column) = (key, line, column);
        _value = value;
    }

    public YField(string key, int line, int column, string text, ScalarKind kind, int valueLine, int valueColumn)
    {
        (Key, Line, Column) = (key, line, column);
        (_value, _kind, _valueLine, _valueColumn) = (text, kind, valueLine, valueColumn);
    }

    public string Key { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The value's text and kind when it is a scalar, without making its node.</summary>
    public bool TryScalar(out string text, out ScalarKind kind)
    {
        switch (_value)
        {
            case string value:
                (text, kind) = (value, _kind);
                return true;
            case YScalar scalar:
                (text, kind) = (scalar.Value, scalar.Kind);
                return true;
            default:
                (text, kind) = ("", ScalarKind.Null);
                return false;
        }
    }

    /// <summary>The value as a node of <paramref name="file"/> (the mapping's).</summary>
    public YNode ValueIn(string file) => _value is string text ? new YScalar(file, _valueLine, _valueColumn, text, _kind) : (YNode)_value;
}

/// <summary>A sequence, in document order.</summary>
public sealed class YSequence(string file, int line, int column, YNode[] items) : YNode(file, line, column)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override string TypeName => "array";
}
