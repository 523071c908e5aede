namespace Planner.Diagnostics;

/// <summary>A position in an input file; lines and columns are 1-based, as editors show them.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : DiagnosticText.PathText(File);
}
