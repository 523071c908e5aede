using Cli.Views.Apply;
using Executor.Journal;
using Tests.Journal;
using Spectre.Console;
using Tests.Shared;

namespace Cli.Tests.Views;

/// <summary>The live view's strategy-step table, read from the journal's dcmanager mirror.</summary>
public sealed class StrategyStepsPanelTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Render_JournalWithoutAStrategy_ShowsNothing()
    {
        var path = _directory.Path("run.journal");
        using (SampleJournal.Create(path, SampleJournal.Plan("plans/kube-rootca-update.yaml")))
        {
        }

        Assert.Null(new StrategyStepsPanel(path).Render());
    }

    [Fact]
    public void Render_StrategyWithSteps_ListsThemAsStrategyStepListDoesRunningFirst()
    {
        // Given: the second round's strategy, one subcloud done and one applying
        var path = _directory.Path("run.journal");
        using (SampleJournal.Create(path, SampleJournal.Plan("plans/kube-rootca-update.yaml")))
        {
        }

        var started = new DateTimeOffset(2026, 12, 5, 22, 1, 2, TimeSpan.Zero).AddTicks(1234560);
        using (var mirror = StrategyJournal.Open(path))
        {
            mirror.Save(new StrategyRecord("kube-rootca", 2, "out-of-sync subclouds", started, 7, started, "applying", null));
            mirror.Save([
                new StrategyStepRecord("kube-rootca", 2, "subcloud1", 1, "complete", "", started, started.AddMinutes(20)),
                new StrategyStepRecord("kube-rootca", 2, "subcloud2", 2, "applying vim kube rootca update strategy", "applying", started, null),
            ]);
        }

        // When
        var text = Draw(new StrategyStepsPanel(path).Render()!);

        // Then: dcmanager's microsecond times and None; the running step above the finished one
        Assert.Contains("round 2", text, StringComparison.Ordinal);
        Assert.Contains("2026-12-05 22:01:02.123456", text, StringComparison.Ordinal);
        Assert.Contains("None", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("subcloud2", StringComparison.Ordinal) < text.IndexOf("subcloud1", StringComparison.Ordinal), text);
    }

    private static string Draw(Spectre.Console.Rendering.IRenderable renderable)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        console.Write(renderable);
        return writer.ToString();
    }
}
