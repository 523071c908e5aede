namespace Planner.Scheduling;

/// <summary>Retries or deadlines: (time, step, attempt), earliest first, then by step and attempt.</summary>
internal sealed class TimedQueue
{
    private readonly MinHeap<Item> _heap = new();

    public int Count => _heap.Count;

    public void Enqueue(TimeSpan at, int step, int attempt) => _heap.Push(new Item(at.Ticks, step, attempt));

    public bool TryPeek(out int step, out int attempt, out TimeSpan at)
    {
        if (_heap.Count == 0)
        {
            (step, attempt, at) = (-1, 0, TimeSpan.Zero);
            return false;
        }

        ref readonly var first = ref _heap.First;
        (step, attempt, at) = (first.Step, first.Attempt, new TimeSpan(first.At));
        return true;
    }

    public void Dequeue() => _heap.Pop();

    private readonly record struct Item(long At, int Step, int Attempt) : IHeapItem<Item>
    {
        public static bool Before(in Item a, in Item b) =>
            a.At < b.At || (a.At == b.At && (a.Step < b.Step || (a.Step == b.Step && a.Attempt < b.Attempt)));
    }
}
