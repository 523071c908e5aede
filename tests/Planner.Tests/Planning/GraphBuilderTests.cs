using Planner.Graph;

namespace Planner.Tests.Planning;

public sealed class GraphBuilderTests
{
    [Fact]
    public void Add_StepsWithTheNextIndex_NumberedInOrder_AndAnyOtherIndexRefused()
    {
        // Given
        var builder = new GraphBuilder();
        Step At(int index) => new() { Index = index, Id = $"s{index}", Operation = 0, Kind = StepKind.Action, Action = "work", Dependencies = [] };

        // When
        var added = new[] { builder.Add(At(builder.Count)), builder.Add(At(builder.Count)) };

        // Then
        Assert.Equal([0, 1], added);
        Assert.Equal(2, builder.Count);
        var refused = Assert.Throws<ArgumentException>(() => builder.Add(At(5)));
        Assert.Contains("the next index is 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, builder.Build().Steps.Length);
    }

    [Fact]
    public void Add_StepsNamedWholeOrByParts_HaveTheirIds_AndAStepWithoutAnIdIsRefused()
    {
        // Given
        var builder = new GraphBuilder();
        var whole = new Step { Index = 0, Id = "op:start", Operation = 0, Kind = StepKind.Milestone, Action = "milestone", Dependencies = [] };
        var byParts = new Step { Index = 1, IdParts = ("op", "web@id-2", null), Operation = 0, Kind = StepKind.Action, Action = "failover", Dependencies = [0] };
        var withAction = new Step { Index = 2, IdParts = ("op", "cmp-01", "drain"), Operation = 0, Kind = StepKind.Action, Action = "drain", Dependencies = [1] };
        var unnamed = new Step { Index = 3, Operation = 0, Kind = StepKind.Action, Action = "work", Dependencies = [] };

        // When
        builder.Add(whole);
        builder.Add(byParts);
        builder.Add(withAction);

        // Then
        Assert.Equal(["op:start", "op/web@id-2", "op/cmp-01/drain"], builder.Build().Steps.Select(s => s.Id));
        var refused = Assert.Throws<ArgumentException>(() => builder.Add(unnamed));
        Assert.Contains("has no id", refused.Message, StringComparison.Ordinal);
    }
}
