namespace Planner.Graph;

/// <summary>A limit on how many target chains of one operation (or one group of steps) run at once.</summary>
public sealed record ConcurrencyPool(int Index, string Name, int Capacity);
