using System.Text;
using System.Text.Json;
using Planner.Plans;

namespace Cli.Views;

/// <summary><c>--format json</c>: the machine-readable plan (schemas/plan-output.v1.schema.json).</summary>
internal sealed class PlanJsonView : IPlanView
{
    public void Render(ResolvedPlan plan, TextWriter writer)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, SavedPlan.WriterOptions))
        {
            PlanJsonDocument.Write(json, plan, includeSteps: false);
        }

        writer.Write(Encoding.UTF8.GetString(stream.ToArray()));
        writer.Write('\n');
    }
}
