using System.Text;
using Planner.Documents;

namespace Planner.Tests.Documents;

/// <summary>
/// A large file's big list read in two halves on two cores: the tree, every position and every error are those of one
/// reader from the start, whether the guess of where the second half begins is right or wrong.
/// </summary>
public sealed class JsonSplitReadTests
{
    private const string File = "cluster.json";

    [Theory]
    [InlineData(40, "")]          // ASCII
    [InlineData(41, "é中")]        // characters of two and three bytes before later tokens on their lines
    [InlineData(7, "\\n{")]       // an escaped newline and brace in a string: not a line break
    public void TryRead_ListAtTheTop_BothHalvesMakeTheSameTreeAsOneReader(int count, string text) =>
        AssertSameTreeAsOneReader(ClusterFile(count, text), joined: true);   // a cluster-like file, one load balancer per line

    [Fact]
    public void TryRead_GuessInADeeperList_ReadsOnAloneAndMakesTheSameTree()
    {
        // One big item whose nested list is written one item per line, so that the guess falls in the nested list
        var lines = Enumerable.Range(0, 50).Select(i => $"      {{\"n\": {i}}}");
        AssertSameTreeAsOneReader($"{{\"items\": [\n  {{\"nested\": [\n{string.Join(",\n", lines)}\n  ]}}, {{\"last\": true}}\n]}}", joined: false);
    }

    [Theory]
    [InlineData("[\n" + "  {\"a\": 1},\n  {\"a\": 2},\n  {\"a\": 3},\n  {\"a\": 4}\n]")]   // a list at the root: its items are not split
    [InlineData("{\"a\": [{\"b\": 1}, {\"b\": 2}, {\"b\": 3}, {\"b\": 4}, {\"b\": 5}]}")]     // one line: no guess
    public void TryRead_NoUsableGuess_MakesTheSameTree(string json) => AssertSameTreeAsOneReader(json, joined: false);

    [Fact]
    public void TryRead_DuplicateKeyInTheSecondHalf_ReportsWhereOneReaderWould()
    {
        // Given: a repeated key in an item near the end
        var json = ClusterFile(40, "").Replace("\"name\": \"lb-37\"", "\"name\": \"lb-37\", \"name\": \"again\"", StringComparison.Ordinal);

        // When
        var alone = Assert.Throws<InvalidDocumentException>(() => Read(json, split: false));
        var halves = Assert.Throws<InvalidDocumentException>(() => Read(json, split: true));

        // Then
        Assert.Equal(alone.Location, halves.Location);
        Assert.Equal(alone.Message, halves.Message);
    }

    [Fact]
    public void TryRead_DuplicateKeyInBothHalves_ReportsTheFirst()
    {
        // Given
        var json = ClusterFile(40, "")
            .Replace("\"name\": \"lb-3\"", "\"name\": \"lb-3\", \"name\": \"again\"", StringComparison.Ordinal)
            .Replace("\"name\": \"lb-37\"", "\"name\": \"lb-37\", \"name\": \"again\"", StringComparison.Ordinal);

        // When
        var alone = Assert.Throws<InvalidDocumentException>(() => Read(json, split: false));
        var halves = Assert.Throws<InvalidDocumentException>(() => Read(json, split: true));

        // Then: line 9 holds lb-3 (after the opening brace, apiVersion, kind, metadata, the list's key and lb-0 to lb-2)
        Assert.Equal(alone.Location, halves.Location);
        Assert.Equal(9, halves.Location.Line);
    }

    [Theory]
    [InlineData("\"id\": \"lb-37\"", "\"id\": lb-37")]                                  // not JSON: the caller reads it as YAML
    [InlineData("\"id\": \"lb-37\"", "\"id\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")] // too deep for the limit
    [InlineData("\n  ],\n  \"nodes\"", "\n  ,\n  \"nodes\"")]                              // the big list does not end
    public void TryRead_SecondHalfNotJsonWithinLimits_NullAsForOneReader(string find, string replace)
    {
        // Given
        var json = ClusterFile(40, "").Replace(find, replace, StringComparison.Ordinal);

        // When
        var (one, _) = Read(json, split: false, maxDepth: 24);
        var (two, _) = Read(json, split: true, maxDepth: 24);

        // Then
        Assert.Null(one);
        Assert.Null(two);
    }

    [Fact]
    public void TryRead_DeepButWithinTheLimitInTheSecondHalf_ReadsLikeOneReader()
    {
        // Given: nesting that reaches the limit exactly in the second half
        var json = ClusterFile(40, "").Replace("\"id\": \"lb-37\"", "\"id\": [[[[[\"deep\"]]]]]", StringComparison.Ordinal);

        // When
        var (one, _) = Read(json, split: false, maxDepth: 8);
        var (two, joined) = Read(json, split: true, maxDepth: 8);

        // Then
        Assert.NotNull(one);
        Assert.True(joined);
        Assert.Equal(TreeText.Flatten(one), TreeText.Flatten(two!));
    }

    // Read by one reader and in two halves: whether the halves were joined, and the same tree node by node, positions included.
    private static void AssertSameTreeAsOneReader(string json, bool joined)
    {
        var (one, _) = Read(json, split: false);
        var (two, wasJoined) = Read(json, split: true);

        Assert.Equal(joined, wasJoined);
        Assert.Equal(TreeText.Flatten(one!), TreeText.Flatten(two!));
    }

    private static (YNode? Tree, bool Joined) Read(string json, bool split, int maxDepth = 64)
    {
        var limits = DocumentLimits.Cluster with { MaxDepth = maxDepth };
        var reader = new JsonDocumentReader(File, limits) { SplitFromBytes = split ? 0 : int.MaxValue };
        var tree = reader.TryRead(Encoding.UTF8.GetBytes(json), 0);
        return (tree, reader.ReadInTwoHalves);
    }

    // As `mplan cluster generate` writes it: the big list one item per line, shorter lists after it.
    private static string ClusterFile(int loadBalancers, string text)
    {
        var items = Enumerable.Range(0, loadBalancers).Select(i =>
            $"    {{\"id\": \"lb-{i}\", \"name\": \"lb-{i}\", \"note\": \"{text}\", \"size\": {i}.5, \"amphorae\": [{{\"id\": \"a-{i}\"}}, {{\"id\": \"b-{i}\"}}], \"up\": {(i % 2 == 0 ? "true" : "null")}}}");
        return "{\n  \"apiVersion\": \"mplan/v1\",\n  \"kind\": \"Cluster\",\n  \"metadata\": {\"name\": \"" + text + "\"},\n  \"loadBalancers\": [\n"
            + string.Join(",\n", items) + "\n  ],\n  \"nodes\": [\n    {\"name\": \"n1\"},\n    {\"name\": \"n2\"}\n  ]\n}\n";
    }
}
