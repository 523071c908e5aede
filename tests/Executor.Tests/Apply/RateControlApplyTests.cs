using System.Collections.Concurrent;
using Executor.Apply;
using Executor.Drivers;
using Planner.Events;
using Planner.Scheduling;
using static Executor.Tests.Apply.ApplyFixtures;

namespace Executor.Tests.Apply;

/// <summary>The real runner honours what the plan reviewed: budgets per group, canary gates and ramp-up waves.</summary>
public sealed class RateControlApplyTests
{
    [Fact]
    public async Task Apply_PerProjectBudget_NeverRunsTwoLoadBalancersOfOneProjectAtOnce()
    {
        // Given: 8 LBs in 2 projects, 8 workers, at most 1 per project
        var plan = FailoverPlan(8, concurrency: 8, projects: 2, more: "    budgets: [{per: project, max: 1}]");
        var driver = new ProjectCountingDriver(new ScriptedDriver { Duration = TimeSpan.FromMilliseconds(60) }, 2);

        // When
        var (result, _) = await Run.WithDesk(plan, driver, new MemoryDesk { Approve = true });

        // Then
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        Assert.Equal([1, 1], driver.MostAtOncePerProject);
        Assert.Equal(8, driver.Inner.Runs.Count);
    }

    [Fact]
    public async Task Apply_CanaryGate_RunsTheCanaryAloneThenWaitsForTheOperator()
    {
        // Given: 4 LBs, 4 workers; the first LB alone, then an operator gate
        var plan = FailoverPlan(4, concurrency: 4, more: "    canary: {targets: 1, then: pause, message: check lb-00's listeners}");
        var driver = new ScriptedDriver();
        var desk = new MemoryDesk { Approve = true };

        // When
        var (result, events) = await Run.WithDesk(plan, driver, desk);

        // Then: lb-00 ran and finished before the gate waited; nothing started until the operator approved
        Assert.Equal(ApplyOutcome.Succeeded, result.Outcome);
        var waiting = events.Single(e => e.Kind == RunEventKind.GateWaiting);
        var closed = events.Single(e => e.Kind == RunEventKind.GateClosed);
        Assert.Equal(("failover:canary-approval", "check lb-00's listeners"), (waiting.Gate, waiting.Detail));
        Assert.Equal(("approved", "operator"), (closed.State, closed.By));
        var canaryEnd = events.Single(e => e.Kind == RunEventKind.StepFinished && e.Target == Id(0));
        Assert.True(canaryEnd.Sequence < waiting.Sequence);
        Assert.DoesNotContain(events, e => e.Kind == RunEventKind.StepStarted && e.Target is not null && e.Target != Id(0) && e.Sequence < closed.Sequence);
        Assert.Equal(Id(0) + "#1", driver.Runs.First());
    }

    [Fact]
    public async Task Apply_FailedRampUpWave_PausesBeforeWidening()
    {
        // Given: waves of 1 then the rest; the first LB fails; the failure policy tolerates it (so only the wave pauses)
        var plan = FailoverPlan(4, concurrency: 4, retry: "{attempts: 1}", policy: "{maxErrors: 3, onExceeded: pause}", more: "    rampUp: {steps: [1]}");
        var driver = new ScriptedDriver().Fail(Id(0), 1);
        var desk = new MemoryDesk { Approve = true };

        // When
        var (result, events) = await Run.WithDesk(plan, driver, desk);

        // Then: the run waited for the operator between the failed wave and the next one
        var waiting = events.Single(e => e.Kind == RunEventKind.GateWaiting);
        var closed = events.Single(e => e.Kind == RunEventKind.GateClosed);
        Assert.Contains("wave 1 (1 target(s)) had 1 failed target(s)", waiting.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Kind == RunEventKind.StepStarted && e.Target is not null && e.Target != Id(0) && e.Sequence < closed.Sequence);
        Assert.Equal(StepState.Succeeded, Run.StateOf(result, plan, Id(3)));
    }

    // Counts the most attempts in flight at once per project (lb-NN is in project NN mod projects).
    private sealed class ProjectCountingDriver(ScriptedDriver inner, int projects) : IStepDriver
    {
        private readonly int[] _running = new int[projects];
        private readonly int[] _most = new int[projects];

        public ScriptedDriver Inner => inner;

        public int[] MostAtOncePerProject
        {
            get
            {
                lock (_running)
                {
                    return [.. _most];
                }
            }
        }

        public bool Handles(string uses, string action) => inner.Handles(uses, action);

        public async Task<AttemptResult> RunAsync(AttemptCall call, CancellationToken cancellationToken)
        {
            var project = int.Parse(call.Step.TargetId!["lb-".Length..], System.Globalization.CultureInfo.InvariantCulture) % projects;
            lock (_running)
            {
                _most[project] = Math.Max(_most[project], ++_running[project]);
            }

            try
            {
                return await inner.RunAsync(call, cancellationToken);
            }
            finally
            {
                lock (_running)
                {
                    _running[project]--;
                }
            }
        }

        public Task<AttemptResult?> ObserveAsync(AttemptCall call, bool submitted, CancellationToken cancellationToken) =>
            inner.ObserveAsync(call, submitted, cancellationToken);
    }
}
