namespace Planner.Plans;

/// <summary>How the planner reads input files; the CLI gives it the file system, tests give it memory.</summary>
public interface IFileSource
{
    /// <summary>The file's bytes, or null with a reason (not found, no permission).</summary>
    byte[]? TryRead(string path, out string? error);
}
