namespace Planner;

/// <summary>Runs a loop over 0..count in contiguous ranges on every core; small loops run on the caller's thread alone.</summary>
internal static class ParallelRanges
{
    // Below this many items the hand-off to other threads costs more than it saves.
    private const int Smallest = 4096;

    /// <summary>Calls <paramref name="body"/>(from, to) for ranges that cover 0..<paramref name="count"/> once each, in no set order.</summary>
    public static void For(int count, Action<int, int> body)
    {
        if (count < Smallest || Environment.ProcessorCount == 1)
        {
            body(0, count);
            return;
        }

        // A few ranges per core, so that a core that got the cheaper items takes another range rather than wait.
        var ranges = Math.Min(Environment.ProcessorCount * 4, count / (Smallest / 4));
        Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            range => body((int)((long)count * range / ranges), (int)((long)count * (range + 1) / ranges)));
    }

    /// <summary>item(i) for every i in 0..<paramref name="count"/>, worked out on every core, in index order.</summary>
    public static T[] Select<T>(int count, Func<int, T> item)
    {
        var items = new T[count];
        For(count, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                items[i] = item(i);
            }
        });
        return items;
    }
}
