using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Executor.Journal;

/// <summary>Who holds a lock: written beside the lock file so a refused run can say who and since when.</summary>
/// <param name="Pid">The holder's process id.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="User">The user it runs as.</param>
/// <param name="Command">Its command line, shortened.</param>
/// <param name="Since">When it took the lock.</param>
/// <param name="Journal">The journal it writes (for a plan-and-cluster lock).</param>
public sealed record LockHolder(int Pid, string Host, string User, string Command, DateTimeOffset Since, string? Journal)
{
    private const int MaxCommandLength = 200;

    /// <summary>This process, now.</summary>
    public static LockHolder Current(DateTimeOffset now, string? journal)
    {
        var command = string.Join(' ', Environment.GetCommandLineArgs().Select(Path.GetFileName));
        return new LockHolder(Environment.ProcessId, Environment.MachineName, Environment.UserName,
            command.Length > MaxCommandLength ? command[..MaxCommandLength] + "…" : command, now, journal);
    }

    /// <summary>"pid 1234 on host X (user u, mplan apply …) since 2026-12-05 22:00:00Z".</summary>
    public string Describe() =>
        $"pid {Pid} on host {Host} (user {User}, {Command}) since {Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Whether the holder still runs: checked on this host; assumed for another host, which cannot be checked from here.
    /// </summary>
    public bool SeemsAlive()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(Pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal string ToJson() => JsonSerializer.Serialize(this, LockHolderJson.Default.LockHolder);

    internal static LockHolder? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, LockHolderJson.Default.LockHolder);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The holder record's JSON form (snake_case), generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LockHolder))]
internal sealed partial class LockHolderJson : JsonSerializerContext;
