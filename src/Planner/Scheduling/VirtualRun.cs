using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Planner.Graph;

namespace Planner.Scheduling;

/// <summary>What a run in virtual time produced, per step and overall.</summary>
public sealed class RunTimeline
{
    public required TimeSpan[] Start { get; init; }

    public required TimeSpan[] Finish { get; init; }

    /// <summary>The step whose completion let each step start (its critical predecessor), or -1.</summary>
    public required int[] Enabler { get; init; }

    public required TimeSpan Makespan { get; init; }

    public required Scheduler Scheduler { get; init; }
}

/// <summary>How a virtual run starts and how its simulated operator answers pauses.</summary>
public sealed class VirtualRunOptions
{
    /// <summary>The virtual time the run starts at (a resumed run starts where the first one stopped).</summary>
    public TimeSpan Start { get; init; }

    /// <summary>
    /// Called when the run pauses (a failure policy): how long the operator takes to resume it, or null to leave it
    /// paused (the run then ends when nothing is in flight, as the estimate does). Null: nobody resumes.
    /// </summary>
    public Func<TimeSpan, TimeSpan?>? OperatorResume { get; init; }

    /// <summary>When the operator aborts the run (in-flight steps finish, nothing new starts); null for never.</summary>
    public TimeSpan? AbortAt { get; init; }
}

/// <summary>
/// The memory a virtual run works in: per-step times and its event queue. A Monte Carlo thread keeps one and runs
/// its trials in it one after another; the <see cref="RunTimeline"/> a run returns lives in it until the next run.
/// </summary>
public sealed class VirtualRunWorkspace(int steps)
{
    internal TimeSpan[] Start { get; } = new TimeSpan[steps];

    internal TimeSpan[] Finish { get; } = new TimeSpan[steps];

    internal int[] Enabler { get; } = new int[steps];

    internal EventQueue Events { get; } = new();

    internal List<StepStart> Starts { get; } = [];

    internal List<StepStart> Expired { get; } = [];

    internal void Reset()
    {
        Array.Fill(Start, TimeSpan.MinValue);
        Array.Clear(Finish);
        Array.Fill(Enabler, -1);
        Events.Clear();
    }
}

/// <summary>
/// Drives the shared <see cref="Scheduler"/> in virtual time: the estimate's clock (and the simulator's, with a
/// sampling model). An event queue of completions, ties broken by a sequence number, as SimPy does.
/// </summary>
public static class VirtualRun
{
    private static readonly VirtualRunOptions Defaults = new();

    public static RunTimeline Run(ExecutionGraph graph, Scheduler scheduler, IAttemptModel model) => Run(graph, scheduler, model, Defaults);

    public static RunTimeline Run(ExecutionGraph graph, Scheduler scheduler, IAttemptModel model, VirtualRunOptions options) =>
        Run(graph, scheduler, model, options, new VirtualRunWorkspace(graph.Steps.Length));

    /// <summary>Runs in <paramref name="workspace"/>: the timeline returned is valid until the workspace runs again.</summary>
    // The loop runs once per run but for every event: straight to optimised code rather than precompiled code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RunTimeline Run(ExecutionGraph graph, Scheduler scheduler, IAttemptModel model, VirtualRunOptions options, VirtualRunWorkspace workspace)
    {
        if (workspace.Start.Length != graph.Steps.Length)
        {
            throw new ArgumentException($"The workspace is for {workspace.Start.Length} steps; the graph has {graph.Steps.Length}.", nameof(workspace));
        }

        workspace.Reset();
        var start = workspace.Start;
        var finish = workspace.Finish;
        var enabler = workspace.Enabler;
        var events = workspace.Events;
        var starts = workspace.Starts;
        var expired = workspace.Expired;
        var now = options.Start;
        var lastCompleted = -1;
        var makespan = TimeSpan.Zero;
        TimeSpan? resumeAt = null;
        var abortAt = options.AbortAt;
        void Finished(int step)
        {
            finish[step] = now;
            lastCompleted = step;
            makespan = now > makespan ? now : makespan;
        }

        while (true)
        {
            starts.Clear();
            scheduler.TakeReady(now, starts);
            foreach (var begin in CollectionsMarshal.AsSpan(starts))
            {
                var step = graph.Steps[begin.Step];
                if (start[begin.Step] == TimeSpan.MinValue)
                {
                    start[begin.Step] = now;
                    enabler[begin.Step] = lastCompleted >= 0 && finish[lastCompleted] == now ? lastCompleted : -1;
                }

                var result = model.Run(step, begin.Attempt, now);
                events.Push((now + result.Duration).Ticks, begin.Step, begin.Attempt, result.Outcome, result.Detail);
            }

            if (scheduler.IsFinished)
            {
                break;
            }

            if (scheduler.State == RunState.Paused && resumeAt is null && options.OperatorResume?.Invoke(now) is { } response)
            {
                resumeAt = now + response;
            }

            var next = Earliest(events.Count > 0 ? new TimeSpan(events.EarliestTicks) : null, scheduler.NextWakeUp, resumeAt);
            if (abortAt is { } abort && abort >= now && (next is null || abort <= next))
            {
                now = abort;
                abortAt = null;
                scheduler.Abort(now);
                continue;
            }

            if (next is null)
            {
                break; // Paused with nothing in flight: the caller reports why.
            }

            now = next.Value;
            while (events.Count > 0 && events.EarliestTicks == now.Ticks)
            {
                var item = events.Pop();
                var wasRunning = scheduler.StateOf(item.Step) == StepState.Running && scheduler.AttemptOf(item.Step) == item.Attempt;
                scheduler.Complete(item.Step, item.Attempt, item.Outcome, now, item.Detail);
                if (wasRunning && scheduler.StateOf(item.Step) is not StepState.Running and not StepState.WaitingRetry)
                {
                    Finished(item.Step);
                }
            }

            // Completions at the deadline itself count; only later ones time out.
            expired.Clear();
            scheduler.Advance(now, expired);
            foreach (var timedOut in CollectionsMarshal.AsSpan(expired))
            {
                if (scheduler.StateOf(timedOut.Step) == StepState.Failed)
                {
                    Finished(timedOut.Step);
                }
            }

            if (resumeAt == now)
            {
                resumeAt = null;
                scheduler.Resume(now);
            }
        }

        SettleUnstarted(graph, start, finish);
        return new RunTimeline { Start = start, Finish = finish, Enabler = enabler, Makespan = makespan, Scheduler = scheduler };
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b, TimeSpan? c)
    {
        var best = a;
        if (b is { } bb && (best is null || bb < best))
        {
            best = bb;
        }

        if (c is { } cc && (best is null || cc < best))
        {
            best = cc;
        }

        return best;
    }

    // Milestones and skipped steps never start: give them the time their last dependency finished.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SettleUnstarted(ExecutionGraph graph, TimeSpan[] start, TimeSpan[] finish)
    {
        foreach (var step in graph.Steps)
        {
            if (start[step.Index] != TimeSpan.MinValue)
            {
                continue;
            }

            var at = TimeSpan.Zero;
            foreach (var dependency in step.Dependencies)
            {
                at = finish[dependency] > at ? finish[dependency] : at;
            }

            start[step.Index] = at;
            finish[step.Index] = at;
        }
    }
}
