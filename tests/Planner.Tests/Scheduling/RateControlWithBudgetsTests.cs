using System.Collections.Immutable;
using Planner.Diagnostics;
using Planner.Model;
using Planner.Scheduling;

namespace Planner.Tests.Scheduling;

/// <summary>Rate control without some budgets (to cost each one): the groups left are renumbered in every step's list.</summary>
public sealed class RateControlWithBudgetsTests
{
    // Budget 0 has groups 0 and 1, budget 1 groups 2 and 3; four steps count toward [0, 2], [1, 3], nothing and [2].
    private static readonly RateControl Both = new(
        [Budget(0), Budget(1)],
        [new BudgetGroup(0, "c", "p1", 2, 1), new BudgetGroup(0, "c", "p2", 2, 1), new BudgetGroup(1, "c", "az1", 2, 1), new BudgetGroup(1, "c", "az2", 2, 1)],
        [[0, 2], [1, 3], [], [2]],
        [null]);

    [Theory]
    [InlineData(0, "0 | 1 |  | ", "p1 p2")]          // budget 0 kept: its groups keep their numbers
    [InlineData(1, "0 | 1 |  | 0", "az1 az2")]       // budget 1 kept: its groups become 0 and 1
    [InlineData(-1, " |  |  | ", "")]                // none kept
    public void WithBudgets_SomeKept_RenumbersEveryStepsGroups(int kept, string expectedSteps, string expectedGroups)
    {
        // When
        var without = Both.WithBudgets(b => b.Index == kept);

        // Then
        Assert.Equal(expectedSteps, string.Join(" | ", without.StepGroups.Select(g => string.Join(' ', g))));
        Assert.Equal(expectedGroups, string.Join(' ', without.Groups.Select(g => g.Value)));
        Assert.Equal(kept < 0 ? 0 : 1, without.Budgets.Length);
    }

    [Fact]
    public void WithBudgets_AllKept_SharesEveryStepsList()
    {
        // When
        var same = Both.WithBudgets(_ => true);

        // Then: nothing renumbered, nothing copied
        Assert.All(Enumerable.Range(0, 4), step => Assert.Same(Both.StepGroups[step], same.StepGroups[step]));
    }

    private static Budget Budget(int index) =>
        new(index, 0, "op", new BudgetSpec(index == 0 ? "project" : "availabilityZone", 1, null, new SourceLocation("p", 1, 1), new SourceLocation("p", 1, 1)));
}
