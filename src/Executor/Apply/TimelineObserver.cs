using Planner.Scheduling;

namespace Executor.Apply;

/// <summary>Keeps each step's first start and final finish (for the reports' timeline) and passes every transition on.</summary>
internal sealed class TimelineObserver : IRunObserver
{
    private readonly TimeSpan[] _start;
    private readonly TimeSpan[] _finish;
    private readonly IRunObserver _next;

    public TimelineObserver(int steps, IRunObserver next)
    {
        _start = new TimeSpan[steps];
        _finish = new TimeSpan[steps];
        Array.Fill(_start, TimeSpan.MinValue);
        _next = next;
    }

    public void StepStarted(StepStart start, TimeSpan now)
    {
        if (_start[start.Step] == TimeSpan.MinValue)
        {
            _start[start.Step] = now;
        }

        _next.StepStarted(start, now);
    }

    public void StepRetrying(int step, int attempt, TimeSpan retryAt, string? detail, TimeSpan now) => _next.StepRetrying(step, attempt, retryAt, detail, now);

    public void StepFinished(int step, StepState state, string? reason, TimeSpan now)
    {
        _finish[step] = now;
        if (_start[step] == TimeSpan.MinValue)
        {
            _start[step] = now;
        }

        _next.StepFinished(step, state, reason, now);
    }

    public void Noted(SchedulerNote note) => _next.Noted(note);

    public RunTimeline ToTimeline(Scheduler scheduler)
    {
        var makespan = _finish.Length == 0 ? TimeSpan.Zero : _finish.Max();
        var enabler = new int[_start.Length];
        Array.Fill(enabler, -1);
        var start = _start.Select(s => s == TimeSpan.MinValue ? TimeSpan.Zero : s).ToArray();
        return new RunTimeline { Start = start, Finish = [.. _finish], Enabler = enabler, Makespan = makespan, Scheduler = scheduler };
    }
}
