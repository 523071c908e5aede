using Planner.Estimation;
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
    public static readonly string[] Formats = ["text", "json", "markdown", "html", "mermaid", "dot"];

    /// <summary>Whether <paramref name="format"/> shows the simulated distribution (the graph formats draw only the graph).</summary>
    public static bool ShowsDistribution(string format) => format is not ("mermaid" or "dot");

    /// <summary>The view for <paramref name="format"/>; text, Markdown, HTML and JSON say which behaviour files are in force.</summary>
    /// <param name="format">The <c>--format</c> name.</param>
    /// <param name="behaviourFiles">The behaviour files in force, by cluster.</param>
    /// <param name="distribution">The simulated makespan; null when none was computed (<c>--trials 0</c>).</param>
    /// <param name="fitAt">Where <c>--detailed-exitcode</c> judges the fit.</param>
    public static IPlanView For(string format, IReadOnlyDictionary<string, BehaviourFile>? behaviourFiles = null,
        PlanDistribution? distribution = null, FitQuantile? fitAt = null)
    {
        var files = behaviourFiles ?? new Dictionary<string, BehaviourFile>();
        var at = fitAt ?? FitQuantile.Default;
        return format switch
        {
            "json" => new PlanJsonView { BehaviourFiles = files, Distribution = distribution, FitAt = at },
            "markdown" => new PlanMarkdownView { BehaviourFiles = files, Distribution = distribution, FitAt = at },
            "html" => new PlanHtmlView { BehaviourFiles = files, Distribution = distribution, FitAt = at },
            "mermaid" => new PlanMermaidView(),
            "dot" => new PlanDotView(),
            _ => new PlanTextView { BehaviourFiles = files, Distribution = distribution, FitAt = at },
        };
    }
}
