namespace Planner.Scheduling;

/// <summary>
/// The virtual run's pending attempt completions, earliest first; completions at the same instant come out in the
/// order their attempts started (SimPy's tie-break by sequence number).
/// </summary>
internal sealed class EventQueue
{
    private readonly MinHeap<Entry> _heap = new();

    // Counts the events of one run (cleared with it): an int keeps an entry at 32 bytes.
    private int _sequence;

    public int Count => _heap.Count;

    /// <summary>The time (ticks) of the earliest completion; only when <see cref="Count"/> is positive.</summary>
    public long EarliestTicks => _heap.First.At;

    public void Clear()
    {
        _heap.Clear();
        _sequence = 0;
    }

    public void Push(long at, int step, int attempt, StepOutcome outcome, string? detail) =>
        _heap.Push(new Entry(at, _sequence++, step, attempt, outcome, detail));

    public Entry Pop() => _heap.Pop();

    /// <summary>One pending completion.</summary>
    internal readonly record struct Entry(long At, int Sequence, int Step, int Attempt, StepOutcome Outcome, string? Detail) : IHeapItem<Entry>
    {
        public static bool Before(in Entry a, in Entry b) => a.At < b.At || (a.At == b.At && a.Sequence < b.Sequence);
    }
}
