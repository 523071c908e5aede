namespace Cli.Views;

/// <summary>
/// The boxed table the OpenStack clients print (cliff's "table" formatter, from prettytable): <c>+---+</c> rules,
/// <c>| cell |</c> rows, left-aligned. Used where mplan shows what dcmanager itself would show.
/// </summary>
internal static class PrettyTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+";
        writer.WriteLine(rule);
        writer.WriteLine(Row(header, widths));
        writer.WriteLine(rule);
        foreach (var row in rows)
        {
            writer.WriteLine(Row(row, widths));
        }

        writer.WriteLine(rule);
    }

    private static string Row(IReadOnlyList<string> cells, int[] widths) =>
        "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
}
