using Planner.Diagnostics;

namespace Cli.Views;

/// <summary>Writes diagnostics as <c>file:line:col: error CODE: message</c> with an indented hint, then a count.</summary>
internal static class DiagnosticsView
{
    public static void Write(TextWriter writer, IReadOnlyList<Diagnostic> diagnostics) =>
        writer.Write(DiagnosticText.Render(diagnostics).Replace("\n", writer.NewLine, StringComparison.Ordinal));
}
