using System.Text.Json;
using Planner.Estimation;
using Planner.Plans;
using Simulator.Behaviour;

namespace Cli.Views;

/// <summary><c>--format json</c>: the machine-readable plan (schemas/plan-output.v1.schema.json).</summary>
internal sealed class PlanJsonView : IPlanView
{
    /// <summary>The behaviour files of the plan's clusters (<c>--behaviour</c>, or named by a cluster file), by cluster.</summary>
    public IReadOnlyDictionary<string, BehaviourFile> BehaviourFiles { get; init; } = new Dictionary<string, BehaviourFile>();

    /// <summary>The simulated makespan (null: none computed, <c>--trials 0</c>).</summary>
    public PlanDistribution? Distribution { get; init; }

    /// <summary>Where <c>--detailed-exitcode</c> judges the fit (<c>--fit-at</c>).</summary>
    public FitQuantile FitAt { get; init; } = FitQuantile.Default;

    public void Render(ResolvedPlan plan, TextWriter writer)
    {
        // Streamed: a plan of 100,000 targets is ~14 MB of JSON, which is not worth holding three copies of.
        using (var stream = new TextWriterStream(writer))
        using (var json = new Utf8JsonWriter(stream, SavedPlan.WriterOptions))
        {
            PlanJsonDocument.Write(json, plan, includeSteps: false, j =>
            {
                PlanDistributionJson.Write(j, plan, Distribution, FitAt, PlanReview.FitsForExitCode(plan, Distribution));
                if (BehaviourFiles.Count > 0)
                {
                    BehaviourJson.Write(j, BehaviourFiles, plan.Origin(DateTimeOffset.UnixEpoch));
                }
            });
        }

        writer.Write('\n');
    }
}
