namespace Planner.Diagnostics;

/// <summary>How serious a diagnostic is: errors make a plan invalid, warnings do not.</summary>
public enum Severity
{
    Warning,
    Error,
}
