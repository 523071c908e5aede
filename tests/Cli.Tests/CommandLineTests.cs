using System.Text;
using Cli.Tests.TestKit;
using Planner.Plans;

namespace Cli.Tests;

/// <summary>The command-line contract: exit codes, stderr diagnostics, overrides and saved plans.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("mplan-cli-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Validate_InvalidPlan_ExitsOneWithLocatedErrors()
    {
        // Given
        var plan = Write("bad.yaml", "apiVersion: mplan/v1\nkind: MaintenancePlan\nmetadata: {name: x}\nwindows: []\nclusters: {}\noperations: []\n");

        // When
        var (exit, output, error) = await Mplan.RunAsync("validate", plan);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains($"{plan}: invalid", output);
        Assert.Contains($"{plan}:4:10: error MP106: expected at least 1 item, found 0", error);
        Assert.Contains("3 errors.", error);
    }

    [Fact]
    public async Task Validate_OneValidOneInvalid_ReportsBothAndExitsOne()
    {
        // Given
        var missing = Path.Combine(_scratch, "missing.yaml");

        // When
        var (exit, output, error) = await Mplan.RunAsync("validate", "plans/amphora-rotation.yaml", missing);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains("plans/amphora-rotation.yaml: valid", output);
        Assert.Contains($"{missing}: error MP009: cannot read {missing}: no such file", error);
    }

    [Fact]
    public async Task Validate_BinaryFile_GivesAClearErrorNotAStackTrace()
    {
        // Given
        var binary = Path.Combine(_scratch, "plan.yaml");
        await File.WriteAllBytesAsync(binary, [0x1f, 0x8b, 0x08, 0x00, 0x00, 0xff, 0x00, 0x01]);

        // When
        var (exit, _, error) = await Mplan.RunAsync("validate", binary);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains($"{binary}:1:4: error MP002: the file is binary (it holds a NUL byte here), not YAML text", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("10m", 2)]
    [InlineData("4h", 0)]
    public async Task Plan_DetailedExitCode_IsTwoOnlyWhenThePlanDoesNotFit(string window, int expectedExit)
    {
        // Given: 27 failovers of 1m with 5 workers take 6m, after 10m30s of preflight and rotation
        var text = (await File.ReadAllTextAsync("plans/amphora-rotation.yaml")).Replace("duration: 4h", $"duration: {window}", StringComparison.Ordinal)
            .Replace("cutoff: 15m", "cutoff: 1m", StringComparison.Ordinal);
        var plan = Write("rotation.yaml", text);

        // When
        var (exit, output, _) = await Mplan.RunAsync("plan", plan, "--cluster", "osh-dev=plans/clusters/osh-dev.yaml", "--detailed-exitcode");

        // Then
        Assert.Equal(expectedExit, exit);
        Assert.Contains(expectedExit == 2 ? "DOES NOT FIT" : "fits window 1", output);
    }

    [Fact]
    public async Task Plan_ClusterOverride_UsesTheGivenInventory()
    {
        // Given: an inventory with just two amphora LBs
        var cluster = Write("two.yaml", "apiVersion: mplan/v1\nkind: Cluster\nmetadata: {name: two}\nopenstackDeployment: {name: osh-dev, state: APPLIED}\nloadBalancers:\n  - {id: a, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: a1}]}\n  - {id: b, provider: amphora, provisioningStatus: ACTIVE, amphorae: [{id: b1}]}\n");

        // When
        var (exit, output, _) = await Mplan.RunAsync("plan", "plans/amphora-rotation.yaml", "--cluster", $"osh-dev={cluster}", "--format", "json");

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("\"target_count\": 2", output);
        Assert.Contains(cluster, output);
    }

    [Theory]
    [InlineData("nosuch=plans/clusters/osh-dev.yaml", "--cluster names 'nosuch', which the plan does not declare")]
    [InlineData("osh-dev", "--cluster expects NAME=FILE")]
    public async Task Plan_BadClusterOverride_ExitsOneAndSaysWhy(string value, string message)
    {
        // When
        var (exit, _, error) = await Mplan.RunAsync("plan", "plans/amphora-rotation.yaml", "--cluster", value);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task Plan_Out_WritesAVerifiableSavedPlanThatDetectsTampering()
    {
        // Given
        var saved = Path.Combine(_scratch, "plan.mplan.json");

        // When
        var (exit, _, error) = await Mplan.RunAsync("plan", "plans/amphora-rotation.yaml", "--out", saved);
        var content = await File.ReadAllBytesAsync(saved);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("\"attempts\": 7", "\"attempts\": 1", StringComparison.Ordinal));

        // Then
        Assert.Equal(0, exit);
        Assert.Contains($"Saved the plan to {saved}", error);
        Assert.Null(SavedPlan.Verify(content));
        Assert.NotEqual(content, tampered);
        Assert.Equal("the saved plan was modified after it was written (content hash mismatch)", SavedPlan.Verify(tampered));
        Assert.Contains("\"steps\": [", Encoding.UTF8.GetString(content));
        Assert.Equal(new[] { saved }, Directory.GetFiles(_scratch)); // the document's temporary copy is gone
    }

    [Fact]
    public async Task Plan_UnknownFormat_IsRefusedByTheParser()
    {
        // When
        var (exit, _, error) = await Mplan.RunAsync("plan", "plans/amphora-rotation.yaml", "--format", "yaml");

        // Then
        Assert.Equal(1, exit);
        Assert.Contains("yaml", error);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllText(path, text);
        return path;
    }
}
