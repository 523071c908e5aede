using Planner.Events;

namespace Cli.Views.Apply;

/// <summary>Hands each event to several sinks in order: the journal first (committed), then what the operator sees.</summary>
internal sealed class FanOutSink(params IRunEventSink[] sinks) : IRunEventSink
{
    public void Write(RunEvent e)
    {
        foreach (var sink in sinks)
        {
            sink.Write(e);
        }
    }
}
