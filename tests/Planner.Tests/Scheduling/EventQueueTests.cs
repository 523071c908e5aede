using Planner.Scheduling;

namespace Planner.Tests.Scheduling;

/// <summary>The virtual run's completions: time order, start order at equal times, and each keeps its own detail.</summary>
public sealed class EventQueueTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Pop_ComesOutByTimeThenPushOrder_EachWithItsOwnDetail(int seed)
    {
        // Given: 300 completions at few distinct times (many ties), a third of them with a detail, popped between pushes
        var random = new Random(seed);
        var queue = new EventQueue();
        var pushed = new List<(int Step, string? Detail)>();
        var popped = new List<(int Step, string? Detail)>();

        for (var round = 0; round < 300; round++)
        {
            // When
            var at = random.Next(20);
            var detail = random.Next(3) == 0 ? $"failure of step {round}" : null;
            queue.Push(at, round, 1, detail is null ? StepOutcome.Succeeded : StepOutcome.Failed, detail);
            pushed.Add((round, detail));
            if (random.Next(4) == 0)
            {
                var entry = queue.Pop();
                popped.Add((entry.Step, queue.DetailOf(entry)));
            }
        }

        var drained = new List<(long At, int Step)>();
        while (queue.Count > 0)
        {
            var entry = queue.Pop();
            popped.Add((entry.Step, queue.DetailOf(entry)));
            drained.Add((entry.At, entry.Step));
        }

        // Then: every completion came out once, with the detail it was pushed with
        Assert.Equal(pushed, popped.OrderBy(p => p.Step));

        // Then: once no pushes remain, the rest come out by time, ties in push order (steps were numbered in push order)
        Assert.True(drained.Count > 100);
        Assert.Equal(drained.OrderBy(p => p.At).ThenBy(p => p.Step), drained);
    }

    [Fact]
    public void Clear_ForgetsEntriesAndDetails()
    {
        // Given
        var queue = new EventQueue();
        queue.Push(5, 1, 1, StepOutcome.Failed, "first run's failure");

        // When
        queue.Clear();
        queue.Push(3, 2, 1, StepOutcome.Failed, "second run's failure");
        var entry = queue.Pop();

        // Then
        Assert.Equal(0, queue.Count);
        Assert.Equal(2, entry.Step);
        Assert.Equal("second run's failure", queue.DetailOf(entry));
    }
}
