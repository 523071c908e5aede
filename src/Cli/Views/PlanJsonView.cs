using System.Text.Json;
using Planner.Plans;

namespace Cli.Views;

/// <summary><c>--format json</c>: the machine-readable plan (schemas/plan-output.v1.schema.json).</summary>
internal sealed class PlanJsonView : IPlanView
{
    public void Render(ResolvedPlan plan, TextWriter writer)
    {
        // Streamed: a plan of 100,000 targets is ~14 MB of JSON, which is not worth holding three copies of.
        using (var stream = new TextWriterStream(writer))
        using (var json = new Utf8JsonWriter(stream, SavedPlan.WriterOptions))
        {
            PlanJsonDocument.Write(json, plan, includeSteps: false);
        }

        writer.Write('\n');
    }
}
