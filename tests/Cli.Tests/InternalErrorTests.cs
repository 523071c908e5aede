using Planner.Plans;

namespace Cli.Tests;

/// <summary>The CLI's last resort: an exception nothing handled is one line and exit 70, with the stack trace only under --debug.</summary>
public sealed class InternalErrorTests
{
    [Fact]
    public async Task Run_CommandThrows_PrintsOneInternalErrorLineAndExitsSeventy()
    {
        // Given: a file source that fails as only a bug would
        var files = new ThrowingFiles("the source broke\non two lines");

        // When
        var (exit, output, error) = await RunAsync(files, "validate", "plan.yaml");

        // Then
        Assert.Equal(ExitCodes.InternalError, exit);
        Assert.Equal("", output);
        Assert.Equal(
            "mplan: internal error: System.InvalidOperationException: the source broke on two lines (please report it; run with --debug for the stack trace)\n",
            error);
    }

    [Theory]
    [InlineData("--debug", "validate", "plan.yaml")]
    [InlineData("validate", "--debug", "plan.yaml")]
    [InlineData("validate", "plan.yaml", "--debug")]
    public async Task Run_CommandThrowsWithDebug_AlsoPrintsTheStackTrace(params string[] args)
    {
        // Given
        var files = new ThrowingFiles("the source broke");

        // When
        var (exit, _, error) = await RunAsync(files, args);

        // Then
        Assert.Equal(ExitCodes.InternalError, exit);
        var lines = error.Split('\n');
        Assert.StartsWith("mplan: internal error: System.InvalidOperationException: the source broke (please report it;", lines[0], StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException: the source broke", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("   at ", StringComparison.Ordinal) && l.Contains(nameof(ThrowingFiles), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ControlCharactersInTheMessage_StayOnePrintableLine()
    {
        // Given
        var files = new ThrowingFiles("path a\0b\r\tend");

        // When
        var (_, _, error) = await RunAsync(files, "plan", "plan.yaml");

        // Then
        Assert.Equal("mplan: internal error: System.InvalidOperationException: path a?b ?end (please report it; run with --debug for the stack trace)\n", error);
    }

    [Fact]
    public async Task Run_OutputCannotBeWritten_IsAnIoErrorNotAnInternalError()
    {
        // Given: --out in a directory that does not exist
        var path = Path.Combine(Path.GetTempPath(), $"mplan-missing-{Guid.NewGuid():N}", "plan.json");

        // When
        var (exit, _, error) = await RunAsync(new FileSystemSource(), "plan", "plans/amphora-rotation.yaml", "--out", path);

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal($"mplan: Could not find a part of the path '{path}'.\n", error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(IFileSource files, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = await CliApp.RunAsync(args, output, error, files, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private sealed class ThrowingFiles(string message) : IFileSource
    {
        public byte[]? TryRead(string path, out string? error) => throw new InvalidOperationException(message);
    }
}
