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

    internal StepStarts Starts { get; } = new();

    internal StepStarts Expired { get; } = new();

    /// <summary>The start time of a step that has not started.</summary>
    internal static readonly TimeSpan NotStarted = TimeSpan.MinValue;

    internal void Reset()
    {
        Array.Fill(Start, NotStarted);
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
    internal static readonly VirtualRunOptions Defaults = new();

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
        var resumeAt = TimedQueue.Never;
        var abortAt = options.AbortAt;
        void Finished(int step)
        {
            finish[step] = now;
            lastCompleted = step;
            makespan = now > makespan ? now : makespan;
        }

        // Times are ticks here, TimedQueue.Never for "nothing": the loop runs once per event, without nullables.
        while (true)
        {
            starts.Clear();
            scheduler.TakeReady(now, starts);
            foreach (var begin in starts.AsSpan())
            {
                if (start[begin.Step] == VirtualRunWorkspace.NotStarted)
                {
                    start[begin.Step] = now;
                    enabler[begin.Step] = lastCompleted >= 0 && finish[lastCompleted] == now ? lastCompleted : -1;
                }

                var result = model.Run(graph, begin.Step, begin.Attempt, now);
                events.Push((now + result.Duration).Ticks, begin.Step, begin.Attempt, result.Outcome, result.Detail);
            }

            if (scheduler.IsFinished)
            {
                break;
            }

            if (scheduler.State == RunState.Paused && resumeAt == TimedQueue.Never && options.OperatorResume?.Invoke(now) is { } response)
            {
                resumeAt = (now + response).Ticks;
            }

            var next = Math.Min(Math.Min(events.Count > 0 ? events.EarliestTicks : TimedQueue.Never, scheduler.NextWakeUpTicks()), resumeAt);
            if (abortAt is { } abort && abort >= now && abort.Ticks <= next)
            {
                now = abort;
                abortAt = null;
                scheduler.Abort(now);
                continue;
            }

            if (next == TimedQueue.Never)
            {
                break; // Paused with nothing in flight: the caller reports why.
            }

            now = new TimeSpan(next);
            while (events.Count > 0 && events.EarliestTicks == next)
            {
                var item = events.Pop();
                if (scheduler.CompleteAttempt(item.Step, item.Attempt, item.Outcome, now, events.DetailOf(item)))
                {
                    Finished(item.Step);
                }
            }

            // Completions at the deadline itself count; only later ones time out.
            expired.Clear();
            scheduler.Advance(now, expired);
            foreach (var timedOut in expired.AsSpan())
            {
                if (scheduler.StateOf(timedOut.Step) == StepState.Failed)
                {
                    Finished(timedOut.Step);
                }
            }

            if (resumeAt == next)
            {
                resumeAt = TimedQueue.Never;
                scheduler.Resume(now);
            }
        }

        SettleUnstarted(graph, start, finish);
        return new RunTimeline { Start = start, Finish = finish, Enabler = enabler, Makespan = makespan, Scheduler = scheduler };
    }

    // Milestones and skipped steps never start: give them the time their last dependency finished.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SettleUnstarted(ExecutionGraph graph, TimeSpan[] start, TimeSpan[] finish)
    {
        // Few steps never start: find them with a vectorised search for the mark rather than a step-by-step loop.
        var marks = MemoryMarshal.Cast<TimeSpan, long>(start.AsSpan());
        var from = 0;
        while (marks[from..].IndexOf(VirtualRunWorkspace.NotStarted.Ticks) is var found && found >= 0)
        {
            var index = from + found;
            from = index + 1;
            var at = TimeSpan.Zero;
            foreach (var dependency in graph.DependenciesOf(index))
            {
                at = finish[dependency] > at ? finish[dependency] : at;
            }

            start[index] = at;
            finish[index] = at;
        }
    }
}
