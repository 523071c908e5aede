using Cli.Tests.TestKit;
using Tests.Shared;

namespace Cli.Tests;

/// <summary>
/// Paths no file system opens, from a plan's <c>clusters.NAME.file</c> or the command line, are diagnostics at the place
/// they are written, not .NET's ArgumentException (the mutation test found 'a\0b' and "" crashing validate).
/// </summary>
public sealed class BadPathTests
{
    private const string Plan = """
        apiVersion: mplan/v1
        kind: MaintenancePlan
        metadata: {name: bad-path}
        windows: [{start: 2026-12-05T22:00:00Z, duration: 4h}]
        clusters:
          osh-dev: {file: FILE}
        operations:
          - {id: preflight, uses: mosk.osdpl-health}
        """;

    public static TheoryData<string, string> Paths() => new()
    {
        { "\"a\\0b\"", "cannot read a\\0b: the path holds a NUL character (character 2), which no file system accepts" },
        { "\"clusters/osh-dev.yaml\\n\"", "cannot read clusters/osh-dev.yaml\\n: the path holds a line break (character 22)" },
        { "\"\\e[2J\"", "cannot read \\u001B[2J: the path holds the control character U+001B (character 1)" },
        { new string('a', 5000), "the path is 5000 bytes long; file systems take at most 4095" },
        { $"clusters/{new string('b', 300)}.yaml", "a name in the path is 305 bytes long; file systems take at most 255 per name" },
        { "\"a|b?c*.yaml\"", "cannot read a|b?c*.yaml: no such file" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Validate_ClusterFileTheFileSystemRefuses_IsALocatedError(string file, string expected)
    {
        // Given
        var files = new MemoryFiles(behind: new FileSystemSource()).Add("plan.yaml", Plan.Replace("FILE", file, StringComparison.Ordinal));

        // When
        var (exit, error) = await RunAsync(files, "validate", "plan.yaml");

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        var headline = error.Split('\n')[0];
        Assert.StartsWith("plan.yaml:6:19: error MP009: ", headline, StringComparison.Ordinal);
        Assert.Contains(expected, headline, StringComparison.Ordinal);
        Assert.True(headline.Length < 400, $"the path is shortened in the message: {headline.Length} characters");
        Assert.DoesNotContain(error, c => char.IsControl(c) && c != '\n');
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("simulate")]
    public async Task Command_BehaviourFileAClusterFileNamesIsMissing_IsAnErrorWhereItIsNamed(string command)
    {
        // Given: the mutation test cut a cluster file inside its 'behaviour: FILE' line
        var cluster = File.ReadAllText(Path.Combine(Repository.Root, "plans", "clusters", "mosk-prod.yaml")) + "behaviour: operat\n";
        var line = cluster.Count(c => c == '\n');
        var files = new MemoryFiles(behind: new FileSystemSource())
            .Add("plan.yaml", Plan.Replace("osh-dev: {file: FILE}", "mosk-prod: {file: cluster.yaml}", StringComparison.Ordinal))
            .Add("cluster.yaml", cluster);

        // When
        var (exit, error) = await RunAsync(files, command, "plan.yaml");

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.StartsWith($"cluster.yaml:{line}:12: error MP009: cannot read operat: no such file\n", error, StringComparison.Ordinal);
        Assert.Contains("hint: fix the behaviour file's path (relative to the cluster file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("plan")]
    [InlineData("simulate")]
    public async Task Command_EmptyPlanPath_IsAnErrorNotACrash(string command)
    {
        // When
        var (exit, error) = await RunAsync(new FileSystemSource(), command, "");

        // Then
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.StartsWith("'': error MP009: cannot read '': the path is empty\n", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Error)> RunAsync(Planner.Plans.IFileSource files, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = await CliApp.RunAsync(args, output, error, files, CancellationToken.None);
        return (exit, error.ToString());
    }
}
