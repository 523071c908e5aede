namespace Cli;

/// <summary>
/// Lets one <c>mplan plan</c> process run without a garbage collection. Planning allocates in one sweep and frees little
/// before it exits: the 100k-LB plan allocates about 300 MB in all, and its two full collections (the one that freed the
/// cluster file's tree, and one more when the large-object budget ran out) took 0.05 s of its 0.9 s, 0.12 s of CPU, to
/// save about 60 MB. Inside a no-GC region the heap just grows (that plan's peak: 315 -> 370 MB, with --out 400 MB);
/// a plan that allocates more than the region ends it with one collection and is collected as usual from then on.
/// Only for <c>plan</c>: <c>simulate</c> keeps many trials' state and frees it as it goes (the same plan's peak would
/// go from 450 to 620 MB), and an apply runs for hours.
/// </summary>
internal static class CollectionFreeRun
{
    /// <summary>What the GC must let the process allocate before it may collect.</summary>
    private const long Budget = 384L << 20;

    /// <summary>Starts the region; the process ends inside it (nothing ever ends it on purpose).</summary>
    public static void Begin()
    {
        try
        {
            GC.TryStartNoGCRegion(Budget);
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than this runtime's GC can promise at once: collect as usual.
        }
        catch (InvalidOperationException)
        {
            // Already in a region.
        }
    }
}
