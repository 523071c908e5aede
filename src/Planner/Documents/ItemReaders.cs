using System.Text.Json;
using Planner.Diagnostics;

namespace Planner.Documents;

/// <summary>
/// Reads the items of one list of a JSON document's root mapping (a cluster file's load balancers) straight into the
/// caller's objects, without a node per value: for a list of 100,000 objects the tree, its schema check and its
/// binding were most of the time of loading it. An item reader accepts exactly the items the schema accepts, in the
/// form it knows; anything else (an unknown key, a wrong type, an escaped key, a duplicate key) it refuses, and the
/// item is read as nodes from the same place, checked and reported as before.
/// </summary>
internal interface IItemReader
{
    /// <summary>
    /// Reads one item, the reader on its <see cref="JsonTokenType.StartObject"/>; returns the bound object with the
    /// position of its key value (for a duplicate's message), the reader on the item's <see cref="JsonTokenType.EndObject"/>,
    /// or null when it refuses the item (the reader is then wherever it stopped; the caller rewinds).
    /// </summary>
    ReadItem? TryRead(ref Utf8JsonReader reader, IItemReading reading);
}

/// <summary>An item read by an <see cref="IItemReader"/>: the object, and where the value it is known by (its id or name) stands.</summary>
internal readonly record struct ReadItem(object Value, SourceLocation KeyValueAt);

/// <summary>What the document's reader lends an item reader: positions, and strings as it makes them.</summary>
internal interface IItemReading
{
    /// <summary>Where the current token of <paramref name="reader"/> starts (ask in the order the tokens come).</summary>
    SourceLocation At(ref Utf8JsonReader reader);

    /// <summary>The current string token's text, one shared instance per short value (as the nodes get it).</summary>
    string Text(ref Utf8JsonReader reader);
}

/// <summary>
/// An item of a root list that an <see cref="IItemReader"/> read: schema-checked by construction and bound already.
/// The schema check passes over it; the binder takes <see cref="Item"/>.
/// </summary>
internal sealed class YBound(string file, int line, int column, ReadItem item) : YNode(file, line, column)
{
    public ReadItem Item { get; } = item;

    public override string TypeName => "object";
}
