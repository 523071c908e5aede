using System.Runtime.CompilerServices;

namespace Planner.Scheduling;

/// <summary>A min-queue of step indices: ready steps start in index order.</summary>
internal sealed class StepQueue
{
    private readonly MostlySortedQueue<Index> _queue = new();

    public int Count => _queue.Count;

    /// <summary>Empties the queue, keeping its memory.</summary>
    public void Clear() => _queue.Clear();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(int step) => _queue.Enqueue(new Index(step));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryDequeue(out int step)
    {
        var found = _queue.TryDequeue(out var index);
        step = found ? index.Step : -1;
        return found;
    }

    private readonly record struct Index(int Step) : IHeapItem<Index>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Before(in Index a, in Index b) => a.Step < b.Step;
    }
}
