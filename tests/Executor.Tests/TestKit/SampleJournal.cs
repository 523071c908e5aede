using Executor.Journal;
using Planner.Diagnostics;
using Planner.Events;
using Planner.Graph;
using Planner.Plans;
using Planner.Scheduling;
using Tests.Shared;

namespace Tests.Journal;

/// <summary>
/// A journal of the amphora-rotation example, written through the real recorder as the runner will: a mix of
/// finished, retried, submitted, running and pending steps, at fixed times (so views can be compared exactly).
/// </summary>
internal static class SampleJournal
{
    public static readonly DateTimeOffset Origin = new(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);

    public static ResolvedPlan Plan(string planPath)
    {
        var diagnostics = new DiagnosticBag();
        return PlanBuilder.Build(planPath, new MemoryFiles(diskBehind: true), new Dictionary<string, string>(), diagnostics, estimate: false)
            ?? throw new InvalidOperationException(string.Join("\n", diagnostics.Sorted()));
    }

    public static JournalRun Run(ResolvedPlan plan) =>
        new(plan.Plan.Metadata.Name, plan.Sha256, plan.Plan.SourceFile, null, Origin - TimeSpan.FromMinutes(2));

    public static RunJournal Create(string path, ResolvedPlan plan) => RunJournal.Create(path, Run(plan), SavedPlan.Write(plan));

    /// <summary>The action steps, in plan order.</summary>
    public static List<Step> Actions(ResolvedPlan plan) => [.. plan.Graph.Steps.Where(s => s.Kind != StepKind.Milestone)];

    /// <summary>
    /// Writes: run started; the first two steps succeed; the third fails once, is retried and succeeds; the fourth's
    /// failover was submitted; the fifth is running; the rest are pending. Returns every event written.
    /// </summary>
    public static List<RunEvent> WriteScenario(IRunEventSink journal, ResolvedPlan plan)
    {
        var events = new List<RunEvent>();
        var recorder = new RunEventRecorder(plan, Origin, new Tee(journal, events));
        var steps = Actions(plan);
        var t = TimeSpan.Zero;
        TimeSpan Next() => t += TimeSpan.FromSeconds(7);

        recorder.RunStarted(t, plan.Plan.Metadata.Name);
        foreach (var step in steps.Take(2))
        {
            recorder.StepStarted(new StepStart(step.Index, 1, null), Next());
            recorder.StepFinished(step.Index, StepState.Succeeded, null, Next());
        }

        var retried = steps[2].Index;
        recorder.StepStarted(new StepStart(retried, 1, Next() + TimeSpan.FromMinutes(5)), t);
        recorder.StepSubmitted(retried, 1, Next(), "failover accepted (202)");
        recorder.StepRetrying(retried, 1, Next() + TimeSpan.FromSeconds(5), "load balancer went to ERROR", t);
        recorder.StepStarted(new StepStart(retried, 2, Next() + TimeSpan.FromMinutes(5)), t);
        recorder.StepSubmitted(retried, 2, Next(), "failover accepted (202)");
        recorder.StepFinished(retried, StepState.Succeeded, "amphora replaced", Next());
        recorder.StepStarted(new StepStart(steps[3].Index, 1, null), Next());
        recorder.StepSubmitted(steps[3].Index, 1, Next(), "failover accepted (202)");
        recorder.StepStarted(new StepStart(steps[4].Index, 1, null), Next());
        return events;
    }

    private sealed class Tee(IRunEventSink sink, List<RunEvent> events) : IRunEventSink
    {
        public void Write(RunEvent e)
        {
            sink.Write(e);
            events.Add(e);
        }
    }
}
