namespace Planner.Diagnostics;

/// <summary>
/// A problem in the user's input, reported rather than thrown.
/// Rendered as <c>file:line:col: error CODE: message</c> followed by an indented hint.
/// </summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code (see <see cref="DiagnosticCodes"/>) that tests and scripts can match on.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Hint">What to do about it, or null when the message says it all.</param>
/// <param name="Location">Where in which file; the file name alone when there is no position.</param>
public sealed record Diagnostic(Severity Severity, string Code, string Message, string? Hint, SourceLocation Location)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>The one-line form <c>file:line:col: error CODE: message</c>, printable whatever the input held.</summary>
    public string Headline => DiagnosticText.Printable($"{Location}: {(IsError ? "error" : "warning")} {Code}: {Message}");

    public override string ToString() => Hint is null ? Headline : $"{Headline}\n  hint: {DiagnosticText.Printable(Hint)}";
}
