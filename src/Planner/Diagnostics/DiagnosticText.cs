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

    /// <summary>"1 error", "3 errors".</summary>
    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
