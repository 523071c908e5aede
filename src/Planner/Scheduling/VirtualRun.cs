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

/// <summary>
/// Drives the shared <see cref="Scheduler"/> in virtual time: the estimate's clock (and the simulator's, with a
/// sampling model). An event queue of completions, ties broken by a sequence number, as SimPy does.
/// </summary>
public static class VirtualRun
{
    public static RunTimeline Run(ExecutionGraph graph, Scheduler scheduler, IAttemptModel model)
    {
        var count = graph.Steps.Length;
        var start = new TimeSpan[count];
        var finish = new TimeSpan[count];
        var enabler = new int[count];
        Array.Fill(start, TimeSpan.MinValue);
        Array.Fill(enabler, -1);
        var events = new PriorityQueue<(int Step, int Attempt, StepOutcome Outcome), (TimeSpan At, long Sequence)>();
        long sequence = 0;
        var now = TimeSpan.Zero;
        var lastCompleted = -1;
        var makespan = TimeSpan.Zero;
        void Finished(int step)
        {
            finish[step] = now;
            lastCompleted = step;
            makespan = now > makespan ? now : makespan;
        }

        while (true)
        {
            foreach (var begin in scheduler.TakeReady(now))
            {
                var step = graph.Steps[begin.Step];
                if (start[begin.Step] == TimeSpan.MinValue)
                {
                    start[begin.Step] = now;
                    enabler[begin.Step] = lastCompleted >= 0 && finish[lastCompleted] == now ? lastCompleted : -1;
                }

                var (duration, outcome) = model.Attempt(step, begin.Attempt);
                events.Enqueue((begin.Step, begin.Attempt, outcome), (now + duration, sequence++));
            }

            if (scheduler.IsFinished)
            {
                break;
            }

            var wake = scheduler.NextWakeUp;
            if (!events.TryPeek(out _, out var next) && wake is null)
            {
                break; // Paused with nothing in flight: the caller reports why.
            }

            now = wake is { } w && (!events.TryPeek(out _, out next) || w < next.At) ? w : next.At;
            while (events.TryPeek(out var item, out var at) && at.At == now)
            {
                events.Dequeue();
                var wasRunning = scheduler.StateOf(item.Step) == StepState.Running && scheduler.AttemptOf(item.Step) == item.Attempt;
                scheduler.Complete(item.Step, item.Attempt, item.Outcome, now);
                if (wasRunning && scheduler.StateOf(item.Step) is not StepState.Running and not StepState.WaitingRetry)
                {
                    Finished(item.Step);
                }
            }

            // Completions at the deadline itself count; only later ones time out.
            foreach (var expired in scheduler.Advance(now))
            {
                if (scheduler.StateOf(expired.Step) == StepState.Failed)
                {
                    Finished(expired.Step);
                }
            }
        }

        SettleUnstarted(graph, start, finish);
        return new RunTimeline { Start = start, Finish = finish, Enabler = enabler, Makespan = makespan, Scheduler = scheduler };
    }

    // Milestones and skipped steps never start: give them the time their last dependency finished.
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
