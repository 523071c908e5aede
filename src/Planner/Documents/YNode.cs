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
public sealed class YMapping(string file, int line, int column, KeyValuePair<YScalar, YNode>[] entries) : YNode(file, line, column)
{
    // An array, not a list: lookups run millions of times when a large inventory is checked and bound.
    private readonly KeyValuePair<YScalar, YNode>[] _entries = entries;

    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries => _entries;

    public override string TypeName => "object";

    public YNode? this[string key]
    {
        get
        {
            foreach (var entry in _entries)
            {
                if (entry.Key.Value == key)
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }

    public YScalar? KeyOf(string key) => Entries.FirstOrDefault(e => e.Key.Value == key).Key;
}

/// <summary>A sequence, in document order.</summary>
public sealed class YSequence(string file, int line, int column, YNode[] items) : YNode(file, line, column)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override string TypeName => "array";
}
