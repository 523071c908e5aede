using System.Text.Json;
using Cli.Tests.TestKit;
using Executor.Journal;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Events;
using Planner.Schema;
using Tests.Journal;
using Tests.Shared;

namespace Cli.Tests.Commands;

/// <summary><c>mplan show</c> and <c>mplan abort</c> on journals written in the test.</summary>
public sealed class JournalCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Planner.Plans.ResolvedPlan _plan = SampleJournal.Plan("plans/amphora-rotation.yaml");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Show_Text_ListsTheRunOperationsStepsAndLastEvents()
    {
        // Given
        var path = WriteSample();

        // When
        var (exit, output, error) = await Mplan.RunAsync("show", path);

        // Then
        Assert.Equal((ExitCodes.Success, ""), (exit, error));
        Golden.Assert(output.Replace(_directory.Root, "<dir>", StringComparison.Ordinal), "show/amphora-rotation.txt");
    }

    [Fact]
    public async Task Show_Json_MatchesGoldenAndValidatesAgainstItsSchema()
    {
        // Given
        var path = WriteSample();

        // When
        var (exit, output, _) = await Mplan.RunAsync("show", path, "--format", "json");

        // Then
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Empty(Validate(output).Items);
        Golden.Assert(output.Replace(_directory.Root, "<dir>", StringComparison.Ordinal), "show/amphora-rotation.json");
        using var document = JsonDocument.Parse(output);
        Assert.Equal("1.0", document.RootElement.GetProperty("format_version").GetString());
    }

    [Fact]
    public async Task ShowJson_WithoutARequiredField_IsRejectedByTheSchema()
    {
        // Given: the output with "steps" renamed, as a broken writer would produce
        var (_, output, _) = await Mplan.RunAsync("show", WriteSample(), "--format", "json");
        var broken = output.Replace("\"steps\": [", "\"stepz\": [", StringComparison.Ordinal);

        // When
        var diagnostics = Validate(broken);

        // Then
        SchemaCheck.AssertMissing(diagnostics, "steps");
    }

    [Fact]
    public async Task Show_MissingJournal_IsOneLineWithWhatToDo()
    {
        // Given
        var path = _directory.Path("nope.journal");

        // When
        var (exit, output, error) = await Mplan.RunAsync("show", path);

        // Then
        Assert.Equal((ExitCodes.Failed, ""), (exit, output));
        Assert.Equal($"mplan: {path}: no such journal; check the path (apply writes its journal where --journal says)\n", error);
    }

    [Fact]
    public async Task Abort_RunningRun_IsRecordedAndShown()
    {
        // Given
        var path = WriteSample();

        // When
        var (exit, output, error) = await Mplan.RunAsync("abort", path, "--reason", "window closing");

        // Then
        Assert.Equal((ExitCodes.Success, ""), (exit, error));
        Assert.StartsWith($"abort requested for plan '{_plan.Plan.Metadata.Name}' (running): steps in flight finish, nothing new starts", output, StringComparison.Ordinal);
        var (_, shown, _) = await Mplan.RunAsync("show", path);
        Assert.Contains("Abort    requested ", shown, StringComparison.Ordinal);
        Assert.Contains(": window closing\n", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_FinishedRun_IsRefused()
    {
        // Given
        var path = _directory.Path("done.journal");
        using (var journal = SampleJournal.Create(path, _plan))
        {
            var recorder = new RunEventRecorder(_plan, SampleJournal.Origin, journal);
            recorder.RunStarted(TimeSpan.Zero, "start");
            recorder.RunFinished(TimeSpan.FromMinutes(3), "failed", "2 steps failed");
        }

        // When
        var (exit, output, error) = await Mplan.RunAsync("abort", path);

        // Then
        Assert.Equal((ExitCodes.Failed, ""), (exit, output));
        Assert.Equal($"mplan: {path}: the run already finished (failed); there is nothing to abort (mplan show {path} tells how it ended)\n", error);
    }

    private string WriteSample()
    {
        var path = _directory.Path("run.journal");
        using var journal = SampleJournal.Create(path, _plan);
        SampleJournal.WriteScenario(journal, _plan);
        return path;
    }

    private static DiagnosticBag Validate(string json) => SchemaCheck.Validate(json, "journal-show.v1.schema.json");
}
