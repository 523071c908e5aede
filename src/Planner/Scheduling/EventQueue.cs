namespace Planner.Scheduling;

/// <summary>
/// The virtual run's pending attempt completions: a binary min-heap on (time, sequence), so completions at the same
/// instant come out in the order their attempts started (SimPy's tie-break). A plain struct heap: the simulator's
/// Monte Carlo trials push and pop millions of these, and PriorityQueue's tuple comparisons cost twice as much.
/// </summary>
internal sealed class EventQueue
{
    private Entry[] _items = new Entry[64];
    private int _count;
    private long _sequence;

    public int Count => _count;

    /// <summary>The time (ticks) of the earliest completion; only when <see cref="Count"/> is positive.</summary>
    public long EarliestTicks => _items[0].At;

    public void Push(long at, int step, int attempt, StepOutcome outcome, string? detail)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        var entry = new Entry(at, _sequence++, step, attempt, outcome, detail);
        var index = _count++;
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (!Before(entry, _items[parent]))
            {
                break;
            }

            _items[index] = _items[parent];
            index = parent;
        }

        _items[index] = entry;
    }

    public Entry Pop()
    {
        var top = _items[0];
        var last = _items[--_count];
        _items[_count] = default;
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

        return top;
    }

    private static bool Before(in Entry a, in Entry b) => a.At < b.At || (a.At == b.At && a.Sequence < b.Sequence);

    /// <summary>One pending completion.</summary>
    internal readonly record struct Entry(long At, long Sequence, int Step, int Attempt, StepOutcome Outcome, string? Detail);
}
