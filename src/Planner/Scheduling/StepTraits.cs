using Planner.Graph;

namespace Planner.Scheduling;

/// <summary>
/// What the scheduler and the estimate's model read of a step on every event, packed into 48 bytes: a run walks one
/// small array of these rather than a <see cref="Step"/> object (with its strings and arrays) per event. The graph
/// makes it once (<see cref="ExecutionGraph.Traits"/>).
/// </summary>
internal readonly struct StepTraits
{
    public StepTraits(Step step, bool isConditionSource)
    {
        MaxTicks = step.Max.Ticks;
        ExpectedTicks = step.Expected.Ticks;
        Pool = step.Pool;
        SlotHolder = step.SlotHolder;
        Operation = step.Operation;
        Attempts = step.Attempts;
        Dependencies = step.Dependencies.Length;
        Acquires = step.Acquires;
        Releases = step.Releases;
        IsMilestone = step.Kind == StepKind.Milestone;
        Continues = step.SlotHolder >= 0 && !step.Acquires;
        RunsIfFailed = step.RunsIfFailed;
        IsConditionSource = isConditionSource;
    }

    /// <summary>The per-attempt timeout in ticks; zero for none.</summary>
    public long MaxTicks { get; }

    public long ExpectedTicks { get; }

    public int Pool { get; }

    public int SlotHolder { get; }

    public int Operation { get; }

    public int Attempts { get; }

    public int Dependencies { get; }

    /// <summary>The step this one follows up (<see cref="Step.RunsIfFailed"/>), or -1: read whenever a step becomes ready.</summary>
    public int RunsIfFailed { get; }

    public bool Acquires { get; }

    public bool Releases { get; }

    public bool IsMilestone { get; }

    /// <summary>A later step of a chain already holding a slot: in-flight work, never held back by pauses or windows.</summary>
    public bool Continues { get; }

    /// <summary>A conditional step follows this one up (it is in <see cref="ExecutionGraph.ConditionSources"/>).</summary>
    public bool IsConditionSource { get; }

    public static StepTraits[] Of(ExecutionGraph graph)
    {
        var traits = new StepTraits[graph.Steps.Length];
        var sources = graph.ConditionSources.AsSpan();   // in index order: walked beside the steps
        for (int index = 0, next = 0; index < traits.Length; index++)
        {
            var isSource = next < sources.Length && sources[next] == index;
            next += isSource ? 1 : 0;
            traits[index] = new StepTraits(graph.Steps[index], isSource);
        }

        return traits;
    }
}

/// <summary>Where one step is in the current run: read and written together on every event, so kept together.</summary>
internal struct StepProgress
{
    /// <summary>Attempts started so far; the current one's number while it runs.</summary>
    public int Attempt;

    /// <summary>Dependencies not finished yet.</summary>
    public int PendingDependencies;

    public StepState State;

    /// <summary>This step took its chain's pool slot and has not given it back.</summary>
    public bool SlotHeld;
}
