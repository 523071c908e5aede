using Planner.Events;

namespace Cli.Views.Apply;

/// <summary><c>apply --format json</c>: every event as one JSON line (<c>schemas/events.v1.schema.json</c>), as the simulator's trace.</summary>
internal sealed class JsonLinesView(TextWriter output) : IRunEventSink
{
    private readonly Lock _gate = new();

    public void Write(RunEvent e)
    {
        var line = RunEventJson.ToLine(e);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
