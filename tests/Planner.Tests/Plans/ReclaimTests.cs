using System.Runtime;
using Planner.Plans;

namespace Planner.Tests.Plans;

/// <summary>The one collection a build makes to free the cluster files' trees: only for a large heap, never inside a no-GC region.</summary>
public sealed class ReclaimTests
{
    [Theory]
    [InlineData(200L << 20, GCLatencyMode.Batch, true)]
    [InlineData(200L << 20, GCLatencyMode.Interactive, true)]
    [InlineData(200L << 20, GCLatencyMode.NoGCRegion, false)] // mplan plan runs in one: collecting would end it
    [InlineData(10L << 20, GCLatencyMode.Batch, false)] // a small plan's heap is not worth a full collection
    public void ShouldReclaim_HeapAndLatencyMode_CollectsOnlyALargeHeapOutsideANoGcRegion(long heapBytes, GCLatencyMode mode, bool expected)
    {
        Assert.Equal(expected, PlanBuilder.ShouldReclaim(heapBytes, mode));
    }
}
