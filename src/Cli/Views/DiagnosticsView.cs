using Planner.Diagnostics;

namespace Cli.Views;

/// <summary>Writes diagnostics as <c>file:line:col: error CODE: message</c> with an indented hint, then a count.</summary>
internal static class DiagnosticsView
{
    public static void Write(TextWriter writer, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteLine(diagnostic.ToString());
        }

        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        if (errors > 0)
        {
            writer.WriteLine($"{Plural(errors, "error")}{(warnings > 0 ? $", {Plural(warnings, "warning")}" : "")}.");
        }
    }

    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
