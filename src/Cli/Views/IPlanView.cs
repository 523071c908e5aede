using Planner.Plans;

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

    public static IPlanView For(string format) => format switch
    {
        "json" => new PlanJsonView(),
        "markdown" => new PlanMarkdownView(),
        "mermaid" => new PlanMermaidView(),
        "dot" => new PlanDotView(),
        _ => new PlanTextView(),
    };
}
