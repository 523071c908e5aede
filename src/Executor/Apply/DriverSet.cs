using Executor.Drivers;
using Planner.Graph;
using Planner.Plans;

namespace Executor.Apply;

/// <summary>Finds the driver for each step of a plan, and says up front which steps no driver can run.</summary>
public sealed class DriverSet(IReadOnlyList<IStepDriver> drivers)
{
    public IStepDriver? For(string uses, string action) => drivers.FirstOrDefault(d => d.Handles(uses, action));

    /// <summary>
    /// Every (operation kind, action) of the plan's work steps that no driver handles, for a clear refusal before
    /// anything runs. Gates need no driver: the runner holds them until an operator approves.
    /// </summary>
    public IReadOnlyList<string> Unsupported(ResolvedPlan plan) =>
    [
        .. plan.Graph.Steps
            .Where(s => s.Kind == StepKind.Action)
            .Select(s => (Uses: plan.Plan.Operations[s.Operation].Uses, s.Action))
            .Distinct()
            .Where(x => For(x.Uses, x.Action) is null)
            .Select(x => $"{x.Uses} ({x.Action})"),
    ];
}
