namespace Planner.Scheduling;

/// <summary>A min-heap of (time, step, attempt) for retries and deadlines: earliest first, then by step and attempt.</summary>
internal sealed class TimedQueue
{
    private Item[] _items = new Item[16];
    private int _count;

    public int Count => _count;

    public void Enqueue(TimeSpan at, int step, int attempt)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        var item = new Item(at.Ticks, step, attempt);
        var index = _count++;
        while (index > 0 && Before(item, _items[(index - 1) >> 1]))
        {
            _items[index] = _items[(index - 1) >> 1];
            index = (index - 1) >> 1;
        }

        _items[index] = item;
    }

    public bool TryPeek(out int step, out int attempt, out TimeSpan at)
    {
        if (_count == 0)
        {
            (step, attempt, at) = (-1, 0, TimeSpan.Zero);
            return false;
        }

        (step, attempt, at) = (_items[0].Step, _items[0].Attempt, new TimeSpan(_items[0].At));
        return true;
    }

    public void Dequeue()
    {
        var last = _items[--_count];
        var index = 0;
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Before(_items[child + 1], _items[child]))
            {
                child++;
            }

            if (!Before(_items[child], last))
            {
                break;
            }

            _items[index] = _items[child];
            index = child;
        }

        if (_count > 0)
        {
            _items[index] = last;
        }
    }

    private static bool Before(in Item a, in Item b) =>
        a.At < b.At || (a.At == b.At && (a.Step < b.Step || (a.Step == b.Step && a.Attempt < b.Attempt)));

    private readonly record struct Item(long At, int Step, int Attempt);
}
