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

    public double AsNumber() => Kind == ScalarKind.Integer ? AsInteger() : CoreSchema.ParseFloat(Value);

    public override string ToString() => Value;
}

/// <summary>A mapping, with its entries in document order.</summary>
/// <remarks>
/// Entries are kept as <see cref="YField"/>s (key text and position, value): a cluster of 100,000 load balancers has
/// over a million keys, and a node object for each would be a fifth of the tree. The key nodes that
/// <see cref="Entries"/> shows are made on first use (for JSON; YAML's are kept as read).
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

    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries => _entries ??= [.. _fields.Select((_, i) => new KeyValuePair<YScalar, YNode>(KeyNode(i), _fields[i].Value))];

    /// <summary>The entries without key nodes, for the loops that run over every mapping of a large document.</summary>
    internal ReadOnlySpan<YField> Fields => _fields;

    public override string TypeName => "object";

    public YNode? this[string key]
    {
        get
        {
            foreach (var field in _fields)
            {
                if (field.Key == key)
                {
                    return field.Value;
                }
            }

            return null;
        }
    }

    public YScalar? KeyOf(string key) => Entries.FirstOrDefault(e => e.Key.Value == key).Key;

    /// <summary>The key of entry <paramref name="index"/> as a node, for messages that point at it.</summary>
    internal YScalar KeyNode(int index) =>
        _entries is { } entries ? entries[index].Key : new YScalar(File, _fields[index].Line, _fields[index].Column, _fields[index].Key, ScalarKind.String);
}

/// <summary>A mapping entry: the key's text and position, and the value.</summary>
internal readonly record struct YField(string Key, int Line, int Column, YNode Value);

/// <summary>A sequence, in document order.</summary>
public sealed class YSequence(string file, int line, int column, YNode[] items) : YNode(file, line, column)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override string TypeName => "array";
}
