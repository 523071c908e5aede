using Executor.Drivers;
using Planner.Plans;

namespace Cli;

/// <summary>The drivers <c>mplan apply</c> uses against real systems.</summary>
internal static class RealDrivers
{
    public static IReadOnlyList<IStepDriver> For(ResolvedPlan plan, string? cloud) => [];
}
