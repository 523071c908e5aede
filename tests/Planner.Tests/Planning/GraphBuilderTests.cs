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
}
