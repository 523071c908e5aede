namespace Planner.Scheduling;

/// <summary>
/// A min-queue of step indices: ready steps start in index order. Steps mostly arrive in increasing order (the
/// expanders' order), so those go to a sorted FIFO in O(1) and only out-of-order ones to a heap; the smaller of the
/// two heads comes out. Same order as a plain priority queue, without its O(log n) per step on large pools.
/// </summary>
internal sealed class StepQueue
{
    private int[] _fifo = new int[16];
    private int _head;
    private int _tail;
    private readonly MinHeap<Index> _heap = new();

    public int Count => _tail - _head + _heap.Count;

    public void Enqueue(int step)
    {
        if (_tail == _head || step >= _fifo[_tail - 1])
        {
            if (_tail == _fifo.Length)
            {
                Compact();
            }

            _fifo[_tail++] = step;
            return;
        }

        _heap.Push(new Index(step));
    }

    public bool TryDequeue(out int step)
    {
        var fromFifo = _tail > _head;
        if (!fromFifo && _heap.Count == 0)
        {
            step = -1;
            return false;
        }

        if (fromFifo && (_heap.Count == 0 || _fifo[_head] < _heap.First.Step))
        {
            step = _fifo[_head++];
            if (_head == _tail)
            {
                _head = _tail = 0;
            }

            return true;
        }

        step = _heap.Pop().Step;
        return true;
    }

    // Reclaims the consumed front of the FIFO, or grows it when more than half is live.
    private void Compact()
    {
        var live = _tail - _head;
        if (live > _fifo.Length / 2)
        {
            var larger = new int[_fifo.Length * 2];
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

    private readonly record struct Index(int Step) : IHeapItem<Index>
    {
        public static bool Before(in Index a, in Index b) => a.Step < b.Step;
    }
}
