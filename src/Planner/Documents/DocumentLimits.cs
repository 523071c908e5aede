namespace Planner.Documents;

/// <summary>Guards against inputs that would exhaust memory or the stack.</summary>
/// <param name="MaxBytes">The largest file accepted.</param>
/// <param name="MaxDepth">The deepest nesting of mappings and sequences.</param>
/// <param name="MaxAliasedNodes">How many nodes aliases may repeat in total (stops "billion laughs").</param>
public sealed record DocumentLimits(long MaxBytes, int MaxDepth, long MaxAliasedNodes)
{
    /// <summary>Plans are written by hand: 8 MiB is far more than any real plan.</summary>
    public static DocumentLimits Plan { get; } = new(8L << 20, 64, 100_000);

    /// <summary>Cluster inventories can list hundreds of thousands of objects.</summary>
    public static DocumentLimits Cluster { get; } = new(1L << 30, 64, 1_000_000);
}
