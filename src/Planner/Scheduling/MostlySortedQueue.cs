using System.Runtime.CompilerServices;

namespace Planner.Scheduling;

/// <summary>
/// A min-queue for items that mostly arrive in order: those go to a sorted FIFO in O(1) and only out-of-order ones
/// to a heap; the smaller of the two heads comes out. The same order as a plain priority queue, without its
/// O(log n) per item where arrivals are sorted: ready steps (the expanders' order) and deadlines (the clock only
/// moves forward, and a pool's steps share a timeout).
/// </summary>
internal sealed class MostlySortedQueue<T>
    where T : struct, IHeapItem<T>
{
    private readonly MinHeap<T> _heap = new();
    private T[] _fifo = new T[16];
    private int _head;
    private int _tail;

    public int Count => _tail - _head + _heap.Count;

    /// <summary>Empties the queue, keeping its memory.</summary>
    public void Clear()
    {
        _head = _tail = 0;
        _heap.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Called per event: the in-order path is a few instructions.
    public void Enqueue(in T item)
    {
        if (_tail == _head || !T.Before(item, _fifo[_tail - 1]))
        {
            if (_tail == _fifo.Length)
            {
                Compact();
            }

            _fifo[_tail++] = item;
            return;
        }

        _heap.Push(item);
    }

    /// <summary>The first item, without taking it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPeek(out T item)
    {
        if (_tail > _head && (_heap.Count == 0 || !T.Before(_heap.First, _fifo[_head])))
        {
            item = _fifo[_head];
            return true;
        }

        if (_heap.Count > 0)
        {
            item = _heap.First;
            return true;
        }

        item = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryDequeue(out T item)
    {
        if (_tail > _head && (_heap.Count == 0 || !T.Before(_heap.First, _fifo[_head])))
        {
            item = _fifo[_head++];
            if (_head == _tail)
            {
                _head = _tail = 0;
            }

            return true;
        }

        if (_heap.Count > 0)
        {
            item = _heap.Pop();
            return true;
        }

        item = default;
        return false;
    }

    // Reclaims the consumed front of the FIFO, or grows it when more than half is live.
    private void Compact()
    {
        var live = _tail - _head;
        if (live > _fifo.Length / 2)
        {
            var larger = new T[_fifo.Length * 2];
            Array.Copy(_fifo, _head, larger, 0, live);
            _fifo = larger;
        }
        else
        {
            Array.Copy(_fifo, _head, _fifo, 0, live);
        }

        _head = 0;
        _tail = live;
    }
}
