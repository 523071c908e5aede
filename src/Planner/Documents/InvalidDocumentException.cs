using Planner.Diagnostics;

namespace Planner.Documents;

/// <summary>Unwinds the recursive readers on the first structural error; caught and turned into a diagnostic.</summary>
internal sealed class InvalidDocumentException(string code, SourceLocation location, string message, string? hint) : Exception(message)
{
    public string Code { get; } = code;

    public SourceLocation Location { get; } = location;

    public string? Hint { get; } = hint;
}
