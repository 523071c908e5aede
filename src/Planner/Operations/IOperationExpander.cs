namespace Planner.Operations;

/// <summary>Turns one operation kind (<c>uses:</c>) into per-target steps, with the real system's defaults.</summary>
internal interface IOperationExpander
{
    /// <summary>The <c>uses:</c> value this expander handles.</summary>
    string Uses { get; }

    /// <summary>Whether the kind acts on objects of a cluster inventory (and so needs one).</summary>
    bool NeedsCluster { get; }

    void Expand(OperationContext context);
}
