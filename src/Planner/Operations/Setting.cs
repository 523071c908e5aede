namespace Planner.Operations;

/// <summary>An effective parameter of an operation, with whether it came from the plan or from mplan's default (and why).</summary>
public sealed record Setting(string Name, string Value, bool IsDefault, string? Origin = null);
