using Planner.Scheduling;

namespace Planner.Tests.Scheduling;

/// <summary>The run loop's queues come out in priority order whatever order items arrive in.</summary>
public sealed class MostlySortedQueueTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 30)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Queue_MixedArrivalsAndTakes_ComeOutAsASortedListWould(int seed)
    {
        // Given: runs of increasing items (the common case) broken by out-of-order ones, takes in between
        var random = new Random(seed);
        var queue = new MostlySortedQueue<Item>();
        var expected = new List<Item>();
        var next = 0L;

        for (var round = 0; round < 400; round++)
        {
            // When
            if (random.Next(3) > 0)
            {
                next += random.Next(0, 3);
                var item = new Item(random.Next(5) == 0 ? next - random.Next(0, 50) : next, round);
                queue.Enqueue(item);
                expected.Add(item);
            }
            else if (expected.Count > 0)
            {
                // Then
                var smallest = expected.Min()!;
                Assert.True(queue.TryPeek(out var peeked));
                Assert.True(queue.TryDequeue(out var taken));
                Assert.Equal(smallest, peeked);
                Assert.Equal(smallest, taken);
                expected.Remove(smallest);
            }

            Assert.Equal(expected.Count, queue.Count);
        }
    }

    [Fact]
    public void Clear_EmptiesTheQueue_AndItWorksAgain()
    {
        // Given
        var queue = new MostlySortedQueue<Item>();
        queue.Enqueue(new Item(5, 0));
        queue.Enqueue(new Item(1, 1));

        // When
        queue.Clear();
        queue.Enqueue(new Item(3, 2));

        // Then
        Assert.Equal(1, queue.Count);
        Assert.True(queue.TryDequeue(out var only));
        Assert.Equal(new Item(3, 2), only);
        Assert.False(queue.TryDequeue(out _));
    }

    // Equal keys keep arrival order through the tie-break, as the scheduler's queues do.
    private readonly record struct Item(long Key, int Arrival) : IHeapItem<Item>, IComparable<Item>
    {
        public static bool Before(in Item a, in Item b) => a.Key < b.Key || (a.Key == b.Key && a.Arrival < b.Arrival);

        public int CompareTo(Item other) => Before(this, other) ? -1 : Before(other, this) ? 1 : 0;
    }
}
