using Planner.Scheduling;

namespace Planner.Tests.Scheduling;

/// <summary>What `plan` compiles on the idle core while the plan expands: the scheduler's per-event methods, and only those.</summary>
public sealed class HotPathsTests
{
    [Fact]
    public void Marked_FindsTheSchedulersPerEventMethods_AndNothingElse()
    {
        // Given: the scheduler, whose per-event methods are marked to be compiled optimised at once

        // When: its marked methods are listed
        var marked = HotPaths.Marked(typeof(Scheduler)).Select(m => m.Name).ToHashSet();

        // Then: the start, finish and queue steps of every event are there; an ordinary method is not
        Assert.Superset(new HashSet<string> { "Start", "Finish", "TakeReady", "Advance", "CompleteAttempt", "Reset" }, marked);
        Assert.DoesNotContain("PeakInFlightOf", marked);
        Assert.DoesNotContain("BudgetHeldBack", marked);
    }

    [Fact]
    public async Task PrepareAlongside_CompilesTheMarkedMethodsOfEveryType_WithoutError()
    {
        // Given: the types `plan` prepares
        Type[] types = [typeof(Scheduler), typeof(VirtualRun), typeof(FixedDurationModel)];

        // When: they are compiled on another core
        await HotPaths.PrepareAlongside(types);

        // Then: none threw, and the run loop and the fixed model's attempt were among them
        Assert.Contains(HotPaths.Marked(typeof(VirtualRun)), m => m.Name == "Run");
        Assert.Contains(HotPaths.Marked(typeof(FixedDurationModel)), m => m.Name == "Run");
    }
}
