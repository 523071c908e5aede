namespace Planner.Operations;

/// <summary>A target an operation acts on.</summary>
public sealed record TargetRef(string Id, string Name);

/// <summary>A target the selection left out, and why (shown in every rendering).</summary>
public sealed record SkippedTarget(string Id, string Name, string Reason);
