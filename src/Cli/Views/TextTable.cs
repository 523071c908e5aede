namespace Cli.Views;

/// <summary>A plain aligned table; long tables show their first rows and say how many more there are.</summary>
internal static class TextTable
{
    public const int MaxRows = 25;

    public static void Write(TextWriter writer, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, string indent, int maxRows = MaxRows)
    {
        var shown = rows.Take(maxRows).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, shown.Count == 0 ? 0 : shown.Max(r => r[i].Length))).ToArray();
        writer.WriteLine(indent + Line(header, widths));
        writer.WriteLine(indent + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in shown)
        {
            writer.WriteLine(indent + Line(row, widths));
        }

        if (rows.Count > shown.Count)
        {
            writer.WriteLine($"{indent}… and {Fmt.Count(rows.Count - shown.Count)} more rows (see --format json)");
        }
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
