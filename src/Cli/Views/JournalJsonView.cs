using System.Globalization;
using System.Text.Json;
using Executor.Journal;
using Planner.Events;
using Planner.Plans;

namespace Cli.Views;

/// <summary><c>mplan show --format json</c>: the journal's snapshot (schemas/journal-show.v1.schema.json).</summary>
internal static class JournalJsonView
{
    /// <summary>Bump the minor version for additions, the major one for any change that can break a reader.</summary>
    public const string FormatVersion = "1.0";

    public static void Render(JournalSnapshot journal, TextWriter writer)
    {
        using (var stream = new TextWriterStream(writer))
        using (var json = new Utf8JsonWriter(stream, SavedPlan.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("format_version", FormatVersion);
            json.WriteString("journal", journal.Path);
            WriteRun(json, journal);
            WriteLock(json, journal.Holder);
            WriteAbort(json, journal.Abort);
            WriteGates(json, journal.Gates);
            json.WriteStartArray("operations");
            foreach (var operation in journal.Operations)
            {
                json.WriteStartObject();
                json.WriteString("id", operation.Id);
                json.WriteNumber("steps", operation.Steps);
                json.WriteStartObject("counts");
                operation.Counts.ToList().ForEach(c => json.WriteNumber(c.Key, c.Value));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("steps");
            journal.Steps.ToList().ForEach(s => WriteStep(json, s));
            json.WriteEndArray();
            json.WriteStartArray("last_events");
            journal.LastEvents.ToList().ForEach(e => RunEventJson.Write(json, e));
            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.Write('\n');
    }

    private static void WriteRun(Utf8JsonWriter json, JournalSnapshot journal)
    {
        var run = journal.Run;
        json.WriteStartObject("run");
        json.WriteString("plan_name", run.PlanName);
        json.WriteString("plan_sha256", run.PlanSha256);
        json.WriteString("plan_file", run.PlanFile);
        Text(json, "saved_plan_file", run.SavedPlanFile);
        json.WriteString("mode", run.Mode);
        json.WriteString("state", run.State);
        Text(json, "end_state", run.EndState);
        json.WriteString("created_at", Instant(run.CreatedAt));
        Text(json, "updated_at", run.UpdatedAt is { } updated ? Instant(updated) : null);
        json.WriteNumber("last_seq", journal.LastSequence);
        json.WriteEndObject();
    }

    private static void WriteLock(Utf8JsonWriter json, LockHolder? holder)
    {
        json.WriteStartObject("lock");
        json.WriteBoolean("held", holder is not null);
        if (holder is null)
        {
            json.WriteNull("holder");
        }
        else
        {
            json.WriteStartObject("holder");
            json.WriteNumber("pid", holder.Pid);
            json.WriteString("host", holder.Host);
            json.WriteString("user", holder.User);
            json.WriteString("command", holder.Command);
            json.WriteString("since", Instant(holder.Since));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteGates(Utf8JsonWriter json, IEnumerable<JournalGate> gates)
    {
        json.WriteStartArray("gates");
        foreach (var gate in gates)
        {
            json.WriteStartObject();
            json.WriteString("id", gate.GateId);
            Text(json, "step", gate.StepId);
            json.WriteString("operation", gate.Operation);
            json.WriteString("message", gate.Message);
            json.WriteString("state", gate.State);
            json.WriteString("waiting_since", Instant(gate.WaitingSince));
            Time(json, "deadline", gate.Deadline);
            Time(json, "closed_at", gate.ClosedAt);
            Text(json, "approved_by", gate.ApprovedBy);
            Text(json, "comment", gate.Comment);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, Instant(time));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteAbort(Utf8JsonWriter json, JournalAbortRequest? abort)
    {
        if (abort is null)
        {
            json.WriteNull("abort");
            return;
        }

        json.WriteStartObject("abort");
        json.WriteString("requested_at", Instant(abort.RequestedAt));
        json.WriteString("reason", abort.Reason);
        json.WriteString("requested_by", abort.RequestedBy);
        json.WriteEndObject();
    }

    private static void WriteStep(Utf8JsonWriter json, JournalStep step)
    {
        json.WriteStartObject();
        json.WriteString("id", step.StepId);
        json.WriteString("operation", step.Operation);
        Text(json, "target", step.Target);
        Text(json, "target_name", step.TargetName);
        json.WriteString("state", step.State);
        json.WriteNumber("attempt", step.Attempt);
        json.WriteBoolean("submitted", step.Submitted);
        Text(json, "started_at", step.StartedAt is { } started ? Instant(started) : null);
        Text(json, "finished_at", step.FinishedAt is { } finished ? Instant(finished) : null);
        Text(json, "detail", step.Detail);
        json.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static string Instant(DateTimeOffset value) => Planner.Documents.TimeText.Format(value);
}
