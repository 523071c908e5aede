using Planner.Documents;

namespace Planner.Tests.Documents;

/// <summary>A tree as text, to compare two readers' trees node by node.</summary>
internal static class TreeText
{
    /// <summary>Every node as "path kind value line:col", in document order.</summary>
    public static List<string> Flatten(YNode node)
    {
        var lines = new List<string>();
        Walk(node, "$", lines);
        return lines;
    }

    private static void Walk(YNode node, string path, List<string> lines)
    {
        switch (node)
        {
            case YMapping mapping:
                lines.Add($"{path} mapping {mapping.Line}:{mapping.Column}");
                foreach (var (key, value) in mapping.Entries)
                {
                    lines.Add($"{path}.{key.Value} key {key.Kind} {key.Line}:{key.Column}");
                    Walk(value, $"{path}.{key.Value}", lines);
                }

                break;
            case YSequence sequence:
                lines.Add($"{path} sequence {sequence.Line}:{sequence.Column}");
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Walk(sequence.Items[i], $"{path}[{i}]", lines);
                }

                break;
            case YScalar scalar:
                lines.Add($"{path} {scalar.Kind} '{scalar.Value}' {scalar.Line}:{scalar.Column}");
                break;
        }
    }
}
