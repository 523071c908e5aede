using Planner.Diagnostics;

namespace Cli.Views;

/// <summary>What <c>mplan validate</c> found for one plan file: its verdict, its size when valid, and its diagnostics.</summary>
internal sealed record ValidationResult(string Path, bool Valid, int Operations, int Targets, int Steps, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>Renders the results of <c>mplan validate</c> in one format (text, json or sarif).</summary>
internal interface IValidationView
{
    /// <summary>Writes the results: the document on <paramref name="output"/>, and for text the diagnostics on <paramref name="error"/>.</summary>
    void Render(IReadOnlyList<ValidationResult> results, TextWriter output, TextWriter error);
}

internal static class ValidationViews
{
    public static readonly string[] Formats = ["text", "json", "sarif"];

    public static IValidationView For(string format) => format switch
    {
        "json" => new ValidationJsonView(),
        "sarif" => new ValidationSarifView(),
        _ => new ValidationTextView(),
    };
}

/// <summary>The default: diagnostics as <c>file:line:col: error CODE: message</c> on stderr, a verdict per plan on stdout.</summary>
internal sealed class ValidationTextView : IValidationView
{
    public void Render(IReadOnlyList<ValidationResult> results, TextWriter output, TextWriter error)
    {
        foreach (var result in results)
        {
            DiagnosticsView.Write(error, result.Diagnostics);
            output.WriteLine(result.Valid
                ? $"{result.Path}: valid ({DiagnosticText.Plural(result.Operations, "operation")}, {DiagnosticText.Plural(result.Targets, "target")}, {DiagnosticText.Plural(result.Steps, "step")})"
                : $"{result.Path}: invalid");
        }
    }
}
