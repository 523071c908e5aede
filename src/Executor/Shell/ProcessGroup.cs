using System.Runtime.InteropServices;

namespace Executor.Shell;

/// <summary>
/// Kills a whole process group. A command runs under <c>setsid</c>, so it leads a group of its own and everything it
/// starts (pipelines, background jobs, an ssh) stays in that group: a timeout then kills them all, not only the shell.
/// </summary>
internal static class ProcessGroup
{
    private const int SigKill = 9;

    /// <summary>Where <c>setsid</c> is, or null (the command then runs without a group, and only its process tree is killed).</summary>
    public static string? Setsid { get; } = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>Sends SIGKILL to the group <paramref name="leader"/> leads; false when there was none left.</summary>
    public static bool Kill(int leader) => !OperatingSystem.IsWindows() && KillSystemCall(-leader, SigKill) == 0;

    // DllImport rather than LibraryImport: the source-generated form needs unsafe code for this one call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillSystemCall(int pid, int signal);
}
