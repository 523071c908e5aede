namespace Planner.Scheduling;

/// <summary>Retries or deadlines: (time, step, attempt), earliest first, then by step and attempt.</summary>
internal sealed class TimedQueue
{
    private readonly MostlySortedQueue<Item> _queue = new();

    public int Count => _queue.Count;

    public void Clear() => _queue.Clear();

    public void Enqueue(TimeSpan at, int step, int attempt) => _queue.Enqueue(new Item(at.Ticks, step, attempt));

    public bool TryPeek(out int step, out int attempt, out TimeSpan at)
    {
        var found = _queue.TryPeek(out var first);
        (step, attempt, at) = found ? (first.Step, first.Attempt, new TimeSpan(first.At)) : (-1, 0, TimeSpan.Zero);
        return found;
    }

    public void Dequeue() => _queue.TryDequeue(out _);

    private readonly record struct Item(long At, int Step, int Attempt) : IHeapItem<Item>
    {
        public static bool Before(in Item a, in Item b) =>
            a.At < b.At || (a.At == b.At && (a.Step < b.Step || (a.Step == b.Step && a.Attempt < b.Attempt)));
    }
}
