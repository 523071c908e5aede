using Planner.Plans;

namespace Cli.Views;

/// <summary><c>--format dot</c>: the operation graph for Graphviz; the critical path is drawn bold and red.</summary>
internal sealed class PlanDotView : IPlanView
{
    public void Render(ResolvedPlan plan, TextWriter writer)
    {
        var critical = PlanGraphModel.Critical(plan);
        writer.WriteLine($"digraph \"{Escape(plan.Plan.Metadata.Name)}\" {{");
        writer.WriteLine("  rankdir=TB;");
        writer.WriteLine("  node [shape=box, style=rounded, fontname=\"Helvetica\"];");
        foreach (var (id, label) in PlanGraphModel.Nodes(plan))
        {
            var style = critical.Contains(id) ? ", color=red, penwidth=2" : "";
            writer.WriteLine($"  \"{Escape(id)}\" [label=\"{Escape(label).Replace("\n", "\\n", StringComparison.Ordinal)}\"{style}];");
        }

        foreach (var (from, to) in PlanGraphModel.Edges(plan))
        {
            writer.WriteLine($"  \"{Escape(from)}\" -> \"{Escape(to)}\";");
        }

        writer.WriteLine("}");
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
