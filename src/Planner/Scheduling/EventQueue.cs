using System.Runtime.CompilerServices;

namespace Planner.Scheduling;

/// <summary>
/// The virtual run's pending attempt completions, earliest first; completions at the same instant come out in the
/// order their attempts started (SimPy's tie-break by sequence number).
/// </summary>
internal sealed class EventQueue
{
    private const int NoDetail = -1;

    private readonly MinHeap<Entry> _heap = new();

    // Failure details, rare, live beside the heap so its entries hold no references: moving an entry is then a plain
    // copy, with no GC write barrier.
    private readonly List<string> _details = [];

    // Counts the events of one run (cleared with it): an int keeps an entry at 32 bytes.
    private int _sequence;

    public int Count => _heap.Count;

    /// <summary>The time (ticks) of the earliest completion; only when <see cref="Count"/> is positive.</summary>
    public long EarliestTicks => _heap.First.At;

    public void Clear()
    {
        _heap.Clear();
        _details.Clear();
        _sequence = 0;
    }

    public void Push(long at, int step, int attempt, StepOutcome outcome, string? detail)
    {
        var detailIndex = NoDetail;
        if (detail is not null)
        {
            detailIndex = _details.Count;
            _details.Add(detail);
        }

        _heap.Push(new Entry(at, _sequence++, step, attempt, outcome, detailIndex));
    }

    public Entry Pop() => _heap.Pop();

    /// <summary>Why the attempt of <paramref name="entry"/> did not succeed, if its model said.</summary>
    public string? DetailOf(in Entry entry) => entry.Detail == NoDetail ? null : _details[entry.Detail];

    /// <summary>One pending completion; <see cref="Detail"/> indexes the queue's details (see <see cref="DetailOf"/>).</summary>
    internal readonly record struct Entry(long At, int Sequence, int Step, int Attempt, StepOutcome Outcome, int Detail) : IHeapItem<Entry>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // Compared on every queue operation: the JIT would not inline it.
        public static bool Before(in Entry a, in Entry b) => a.At < b.At || (a.At == b.At && a.Sequence < b.Sequence);
    }
}
