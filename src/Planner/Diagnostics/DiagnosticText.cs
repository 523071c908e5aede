using System.Text;

namespace Planner.Diagnostics;

/// <summary>
/// The text form of a list of diagnostics, as the CLI prints it on stderr and the corpus tests expect it:
/// each diagnostic (headline and hint), then a count line when there are errors.
/// </summary>
public static class DiagnosticText
{
    public static string Render(IReadOnlyList<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            text.Append(diagnostic.ToString()).Append('\n');
        }

        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        if (errors > 0)
        {
            text.Append(Plural(errors, "error")).Append(warnings > 0 ? $", {Plural(warnings, "warning")}" : "").Append(".\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// The text with control characters and line separators written as escapes (<c>\n</c>, <c>\t</c>, <c>\0</c>,
    /// <c>\u001B</c>): messages quote values and paths from the input, and a diagnostic must stay one printable line
    /// (a NUL or an escape sequence from a file must not reach the terminal).
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var printable = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            printable.Append(c switch
            {
                '\0' => "\\0",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return printable.ToString();
    }

    /// <summary>The value whole when short, else its start and end around an ellipsis with its length: for quoting input.</summary>
    public static string Excerpt(string value, int max = 60) =>
        value.Length <= max ? value : $"{value[..(max * 2 / 3)]}…{value[^(max / 3)..]} ({value.Length} characters)";

    /// <summary>A value from the input as messages quote it: <c>'value'</c>, shortened when long.</summary>
    public static string Quote(string value) => $"'{Excerpt(value)}'";

    /// <summary>A path as messages quote it: shortened when very long, and <c>''</c> when empty (<c>mplan validate ""</c>).</summary>
    public static string PathText(string path) => path.Length == 0 ? "''" : Excerpt(path, 200);

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    /// <summary>"1 error", "3 errors".</summary>
    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
