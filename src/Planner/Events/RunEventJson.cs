using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Planner.Events;

/// <summary>Writes and reads events as JSON Lines: one object per line, snake_case, in the order they happened.</summary>
public static class RunEventJson
{
    public const string FormatVersion = "1.0";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One event as a single line of JSON, without the newline.</summary>
    public static string ToLine(RunEvent e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            Write(json, e);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter json, RunEvent e)
    {
        json.WriteStartObject();
        json.WriteNumber("seq", e.Sequence);
        json.WriteString("event", e.KindName);
        json.WriteNumber("t", Math.Round(e.At.TotalSeconds, 3));
        json.WriteString("time", Documents.TimeText.Format(e.Time));
        Optional(json, "step", e.Step);
        Optional(json, "gate", e.Gate);
        Optional(json, "operation", e.Operation);
        Optional(json, "target", e.Target);
        if (e.Attempt > 0)
        {
            json.WriteNumber("attempt", e.Attempt);
        }

        Optional(json, "state", e.State);
        Optional(json, "detail", e.Detail);
        if (e.RetryAt is { } retry)
        {
            json.WriteNumber("retry_at", Math.Round(retry.TotalSeconds, 3));
        }

        if (e.Deadline is { } deadline)
        {
            json.WriteNumber("deadline", Math.Round(deadline.TotalSeconds, 3));
        }

        Optional(json, "by", e.By);
        Optional(json, "plan_sha256", e.PlanSha256);
        if (e.Kind == RunEventKind.RunStarted)
        {
            json.WriteString("format_version", FormatVersion);
        }

        json.WriteEndObject();
    }

    /// <summary>Reads one line written by <see cref="ToLine"/> back.</summary>
    public static RunEvent Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var name = root.GetProperty("event").GetString();
        var kind = Enum.GetValues<RunEventKind>().First(k => new RunEvent(0, k, default, default).KindName == name);
        return new RunEvent(
            root.GetProperty("seq").GetInt64(),
            kind,
            TimeSpan.FromSeconds(root.GetProperty("t").GetDouble()),
            DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture))
        {
            Step = Text(root, "step"),
            Gate = Text(root, "gate"),
            By = Text(root, "by"),
            Operation = Text(root, "operation"),
            Target = Text(root, "target"),
            Attempt = root.TryGetProperty("attempt", out var attempt) ? attempt.GetInt32() : 0,
            State = Text(root, "state"),
            Detail = Text(root, "detail"),
            RetryAt = root.TryGetProperty("retry_at", out var retry) ? TimeSpan.FromSeconds(retry.GetDouble()) : null,
            Deadline = root.TryGetProperty("deadline", out var deadline) ? TimeSpan.FromSeconds(deadline.GetDouble()) : null,
            PlanSha256 = Text(root, "plan_sha256"),
        };
    }

    private static string? Text(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
