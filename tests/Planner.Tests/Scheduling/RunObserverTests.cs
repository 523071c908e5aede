using Planner.Model;
using Planner.Events;
using Planner.Operations;
using Planner.Scheduling;
using Planner.Tests.TestKit;

namespace Planner.Tests.Scheduling;

public sealed class RunObserverTests
{
    [Fact]
    public void Observer_SeesEveryTransitionInOrder()
    {
        // Given: two serial targets; the first fails once, then succeeds
        var factory = new GraphFactory();
        var pool = factory.Pool(1);
        var first = factory.Step(TimeSpan.FromSeconds(10), pool, attempts: 2, retryDelay: TimeSpan.FromSeconds(5));
        var second = factory.Step(TimeSpan.FromSeconds(10), pool);
        var graph = factory.Build();
        var scheduler = new Scheduler(graph, GraphFactory.Limits(FailurePolicy.ContinueAlways, 2));
        var observer = new ListObserver();
        scheduler.Observer = observer;

        // When
        VirtualRun.Run(graph, scheduler, new ScriptedModel().Fail(first, 1));

        // Then
        Assert.Equal(
        [
            $"0 start {first}#1", $"10 retry {first}#1 at 15", $"15 start {first}#2", $"25 finish {first} Succeeded",
            $"25 start {second}#1", $"35 finish {second} Succeeded",
        ], observer.Lines);
    }

    [Fact]
    public void Observer_AfterAStop_ReportsTheRestAsNotRun()
    {
        // Given
        var factory = new GraphFactory();
        var pool = factory.Pool(1);
        var steps = Enumerable.Range(0, 3).Select(_ => factory.Step(TimeSpan.FromSeconds(10), pool)).ToArray();
        var graph = factory.Build();
        var scheduler = new Scheduler(graph, GraphFactory.Limits(new FailurePolicy(0, null, false, PolicyAction.Stop), 3));
        var observer = new ListObserver();
        scheduler.Observer = observer;

        // When
        VirtualRun.Run(graph, scheduler, new ScriptedModel().Fail(steps[0], 1));

        // Then
        Assert.Contains($"10 finish {steps[0]} Failed", observer.Lines);
        Assert.Contains($"10 finish {steps[1]} NotRun", observer.Lines);
        Assert.Contains($"10 finish {steps[2]} NotRun", observer.Lines);
        Assert.Contains(observer.Lines, l => l.StartsWith("10 note", StringComparison.Ordinal));
    }

    [Fact]
    public void RunEventJson_RoundTripsEveryField()
    {
        // Given
        var origin = new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);
        var e = new RunEvent(7, RunEventKind.StepRetrying, TimeSpan.FromSeconds(12.5), origin.AddSeconds(12.5))
        {
            Step = "failover/lb-1", Operation = "failover", Target = "lb-1", Attempt = 2, Detail = "ERROR \"quoted\"",
            RetryAt = TimeSpan.FromSeconds(27.5),
        };

        // When
        var line = RunEventJson.ToLine(e);
        var back = RunEventJson.Parse(line);

        // Then
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("{\"seq\":7,\"event\":\"step_retrying\",\"t\":12.5,\"time\":\"2026-12-05T22:00:12.500Z\"", line, StringComparison.Ordinal);
        Assert.Equal(e, back);
    }

    private sealed class ListObserver : IRunObserver
    {
        public List<string> Lines { get; } = [];

        public void StepStarted(StepStart start, TimeSpan now) => Lines.Add($"{now.TotalSeconds} start {start.Step}#{start.Attempt}");

        public void StepRetrying(int step, int attempt, TimeSpan retryAt, string? detail, TimeSpan now) =>
            Lines.Add($"{now.TotalSeconds} retry {step}#{attempt} at {retryAt.TotalSeconds}");

        public void StepFinished(int step, StepState state, string? reason, TimeSpan now) => Lines.Add($"{now.TotalSeconds} finish {step} {state}");

        public void Noted(SchedulerNote note) => Lines.Add($"{note.At.TotalSeconds} note {note.Message}");
    }
}
