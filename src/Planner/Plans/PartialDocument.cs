using Planner.Diagnostics;
using Planner.Documents;

namespace Planner.Plans;

/// <summary>
/// Decides whether a plan with schema errors can still be checked semantically: when every error lies inside a
/// window or an operation, those items are set aside and the rest of the plan is bound and checked.
/// </summary>
internal static class PartialDocument
{
    /// <summary>The items to leave out, or null when an error lies outside any window or operation.</summary>
    public static HashSet<YNode>? BrokenItems(YMapping root, IEnumerable<Diagnostic> errors)
    {
        var broken = new HashSet<YNode>(ReferenceEqualityComparer.Instance);
        var items = new[] { "windows", "operations" }
            .Select(key => root[key])
            .OfType<YSequence>()
            .SelectMany(sequence => sequence.Items)
            .Select(item => (Item: item, End: LastPosition(item)))
            .ToList();
        if (root["windows"] is not YSequence || root["operations"] is not YSequence || root["metadata"] is not YMapping || root["clusters"] is not YMapping)
        {
            return errors.Any() ? null : broken;
        }

        foreach (var error in errors)
        {
            var at = (error.Location.Line, error.Location.Column);
            var owner = items.FirstOrDefault(i => i.Item is YMapping && Compare((i.Item.Line, i.Item.Column), at) <= 0 && Compare(at, i.End) <= 0);
            if (owner.Item is null)
            {
                return null;
            }

            broken.Add(owner.Item);
        }

        return broken;
    }

    private static (int Line, int Column) LastPosition(YNode node)
    {
        var last = (node.Line, node.Column);
        var children = node switch
        {
            YMapping mapping => mapping.Entries.SelectMany(e => new[] { (YNode)e.Key, e.Value }),
            YSequence sequence => sequence.Items,
            _ => [],
        };
        foreach (var child in children)
        {
            var position = LastPosition(child);
            if (Compare(position, last) > 0)
            {
                last = position;
            }
        }

        return last;
    }

    private static int Compare((int Line, int Column) a, (int Line, int Column) b) =>
        a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column);
}
