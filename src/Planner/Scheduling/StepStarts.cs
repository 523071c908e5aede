using System.Runtime.CompilerServices;

namespace Planner.Scheduling;

/// <summary>The attempts one scheduler call started or expired: a buffer the run loop clears and reuses on every event.</summary>
internal sealed class StepStarts
{
    private StepStart[] _items = new StepStart[16];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in StepStart start)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = start;
    }

    public ReadOnlySpan<StepStart> AsSpan() => _items.AsSpan(0, Count);

    public StepStart[] ToArray() => AsSpan().ToArray();
}
