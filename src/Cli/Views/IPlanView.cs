using Planner.Plans;
using Simulator.Behaviour;

namespace Cli.Views;

/// <summary>Renders a resolved plan in one format. Same plan in, same bytes out.</summary>
internal interface IPlanView
{
    void Render(ResolvedPlan plan, TextWriter writer);
}

/// <summary>The plan renderings by <c>--format</c> name.</summary>
internal static class PlanViews
{
    public static readonly string[] Formats = ["text", "json", "markdown", "mermaid", "dot"];

    /// <summary>The view for <paramref name="format"/>; text, Markdown and JSON say which behaviour files are in force.</summary>
    public static IPlanView For(string format, IReadOnlyDictionary<string, BehaviourFile>? behaviourFiles = null)
    {
        var files = behaviourFiles ?? new Dictionary<string, BehaviourFile>();
        return format switch
        {
            "json" => new PlanJsonView { BehaviourFiles = files },
            "markdown" => new PlanMarkdownView { BehaviourFiles = files },
            "mermaid" => new PlanMermaidView(),
            "dot" => new PlanDotView(),
            _ => new PlanTextView { BehaviourFiles = files },
        };
    }
}
