using Planner.Plans;

namespace Cli.Views;

/// <summary><c>--format mermaid</c>: the operation graph as a Mermaid flowchart; the critical path is highlighted.</summary>
internal sealed class PlanMermaidView : IPlanView
{
    public void Render(ResolvedPlan plan, TextWriter writer)
    {
        var critical = PlanGraphModel.Critical(plan);
        writer.WriteLine("flowchart TD");
        foreach (var (id, label) in PlanGraphModel.Nodes(plan))
        {
            writer.WriteLine($"    {Key(id)}[\"{label.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("\n", "<br/>", StringComparison.Ordinal)}\"]");
        }

        foreach (var (from, to) in PlanGraphModel.Edges(plan))
        {
            writer.WriteLine($"    {Key(from)} --> {Key(to)}");
        }

        writer.WriteLine("    classDef critical stroke:#d33,stroke-width:3px");
        foreach (var id in PlanGraphModel.Nodes(plan).Select(n => n.Id).Where(critical.Contains))
        {
            writer.WriteLine($"    class {Key(id)} critical");
        }
    }

    // Mermaid node keys may not contain '-' or '.' safely: map them to '_'.
    private static string Key(string id) => "op_" + id.Replace('-', '_').Replace('.', '_');
}
