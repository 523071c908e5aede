namespace Planner.Scheduling;

/// <summary>An item of a <see cref="MinHeap{T}"/>: says which of two comes out first.</summary>
internal interface IHeapItem<T>
{
    static abstract bool Before(in T a, in T b);
}

/// <summary>
/// A binary min-heap of structs, ordered by <see cref="IHeapItem{T}.Before"/>. The JIT specialises it per item type,
/// so the run loop's queues pay no comparer calls: the scheduler's retries and deadlines and the virtual run's events.
/// </summary>
internal sealed class MinHeap<T>
    where T : struct, IHeapItem<T>
{
    private T[] _items = new T[16];
    private int _count;

    public int Count => _count;

    /// <summary>The first item; only when <see cref="Count"/> is positive.</summary>
    public ref readonly T First => ref _items[0];

    /// <summary>Empties the heap, keeping its memory.</summary>
    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    public void Push(in T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        var index = _count++;
        while (index > 0 && T.Before(item, _items[(index - 1) >> 1]))
        {
            _items[index] = _items[(index - 1) >> 1];
            index = (index - 1) >> 1;
        }

        _items[index] = item;
    }

    public T Pop()
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

            if (child + 1 < _count && T.Before(_items[child + 1], _items[child]))
            {
                child++;
            }

            if (!T.Before(_items[child], last))
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
}
