using Simulator.Engine;

namespace Cli.Views;

/// <summary>Renders a simulation in one format. Same plan, behaviour and seed in, same bytes out.</summary>
internal interface ISimulateView
{
    void Render(SimulationResult result, TextWriter writer);
}

/// <summary>The simulation renderings by <c>--format</c> name.</summary>
internal static class SimulateViews
{
    public static readonly string[] Formats = ["text", "json", "html"];

    public static ISimulateView For(string format) => format switch
    {
        "json" => new SimulateJsonView(),
        "html" => new SimulateHtmlView(),
        _ => new SimulateTextView(),
    };
}
