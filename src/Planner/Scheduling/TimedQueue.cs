using System.Runtime.CompilerServices;

namespace Planner.Scheduling;

/// <summary>Retries or deadlines: (time, step, attempt), earliest first, then by step and attempt.</summary>
internal sealed class TimedQueue
{
    /// <summary>What <see cref="FirstTicks"/> says of an empty queue: later than any time.</summary>
    public const long Never = long.MaxValue;

    private readonly MostlySortedQueue<Item> _queue = new();

    public int Count => _queue.Count;

    /// <summary>When the first item is due, in ticks; <see cref="Never"/> when the queue is empty.</summary>
    public long FirstTicks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _queue.TryPeek(out var first) ? first.At : Never;
    }

    public void Clear() => _queue.Clear();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(TimeSpan at, int step, int attempt) => _queue.Enqueue(new Item(at.Ticks, step, attempt));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPeek(out Item first) => _queue.TryPeek(out first);

    /// <summary>Takes the first item; only when <see cref="Count"/> is positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Item Dequeue()
    {
        _queue.TryDequeue(out var first);
        return first;
    }

    /// <summary>One retry or deadline: due at <see cref="At"/> (ticks).</summary>
    internal readonly record struct Item(long At, int Step, int Attempt) : IHeapItem<Item>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // Compared on every queue operation: the JIT would not inline it.
        public static bool Before(in Item a, in Item b) =>
            a.At < b.At || (a.At == b.At && (a.Step < b.Step || (a.Step == b.Step && a.Attempt < b.Attempt)));
    }
}
