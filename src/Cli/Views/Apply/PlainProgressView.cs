using System.Globalization;
using Planner.Events;

namespace Cli.Views.Apply;

/// <summary>Progress as plain lines, one per event that matters to an operator reading a CI log.</summary>
internal sealed class PlainProgressView(TextWriter output, string journal) : IRunEventSink
{
    private readonly Lock _gate = new();

    public void Write(RunEvent e)
    {
        var line = Describe(e);
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            output.WriteLine($"{e.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {line}");
            output.Flush();
        }
    }

    private string? Describe(RunEvent e) => e.Kind switch
    {
        RunEventKind.RunStarted => $"{e.Detail} (plan sha256 {e.PlanSha256?[..12]})",
        RunEventKind.StepStarted => $"{e.Step}: started{Attempt(e)}",
        RunEventKind.StepSubmitted => $"{e.Step}: submitted{Suffix(e.Detail)}",
        RunEventKind.StepRetrying => $"{e.Step}: attempt {e.Attempt} failed{Suffix(e.Detail)}; next attempt at +{e.RetryAt?.TotalSeconds:0.#}s",
        RunEventKind.StepFinished => $"{e.Step}: {e.State}{Suffix(e.Detail)}",
        RunEventKind.StepProgress => $"{e.Step}: {e.Detail}",
        RunEventKind.Note => $"note{(e.Operation is null ? "" : $" ({e.Operation})")}: {e.Detail}",
        RunEventKind.RunFinished => $"run {e.State}{Suffix(e.Detail)}",
        _ => GateText.Describe(e, journal),
    };

    private static string Attempt(RunEvent e) => e.Attempt > 1 ? $" (attempt {e.Attempt})" : "";

    private static string Suffix(string? detail) => string.IsNullOrEmpty(detail) ? "" : $": {detail}";
}
