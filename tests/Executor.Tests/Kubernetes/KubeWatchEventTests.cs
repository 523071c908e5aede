using System.Text.Json;
using Executor.Kubernetes;

namespace Executor.Tests.Kubernetes;

/// <summary>Reading one line of a watch stream: what the drivers' waits take from each event.</summary>
public sealed class KubeWatchEventTests
{
    [Fact]
    public void Parse_ModifiedObject_GivesItsTypeAndResourceVersion()
    {
        var change = KubeWatchEvent.Parse("""{"type":"MODIFIED","object":{"kind":"Job","metadata":{"name":"failover","resourceVersion":"1042"}}}""");

        Assert.Equal("MODIFIED", change.Type);
        Assert.False(change.IsBookmark);
        Assert.False(change.IsError);
        Assert.Equal("1042", change.ResourceVersion);
        Assert.Equal("failover", change.Object.Text("metadata", "name"));
        Assert.Null(change.ErrorCode);
    }

    [Fact]
    public void Parse_Bookmark_CarriesOnlyAVersionToResumeFrom()
    {
        var change = KubeWatchEvent.Parse("""{"type":"BOOKMARK","object":{"kind":"Job","apiVersion":"batch/v1","metadata":{"resourceVersion":"2001"}}}""");

        Assert.True(change.IsBookmark);
        Assert.Equal("2001", change.ResourceVersion);
    }

    [Fact]
    public void Parse_ErrorEvent_GivesTheStatusCodeAndNoVersion()
    {
        var change = KubeWatchEvent.Parse("""
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{"resourceVersion":"7"},"status":"Failure","message":"too old resource version: 5 (9)","reason":"Expired","code":410}}
            """);

        Assert.True(change.IsError);
        Assert.Equal(410, change.ErrorCode);
        Assert.Null(change.ResourceVersion); // a Status's metadata is not the list's version
    }

    [Theory]
    [InlineData("""{"object":{"metadata":{}}}""", "no type or object")]
    [InlineData("""{"type":"ADDED","object":"text"}""", "no type or object")]
    [InlineData("""{"type":"ADDED","object":{"metadata":{}}""", "")]
    [InlineData("""<html>502 Bad Gateway</html>""", "")]
    public void Parse_NotAWatchEvent_IsAJsonErrorNamingTheLine(string line, string message)
    {
        var error = Assert.ThrowsAny<JsonException>(() => KubeWatchEvent.Parse(line));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongBadLine_IsShortenedInTheMessage()
    {
        var line = """{"type":"ADDED","object":""" + new string('"', 1) + new string('x', 5000) + "\"}";

        var error = Assert.Throws<JsonException>(() => KubeWatchEvent.Parse(line));

        Assert.True(error.Message.Length < 400, error.Message);
        Assert.EndsWith("…", error.Message, StringComparison.Ordinal);
    }
}
