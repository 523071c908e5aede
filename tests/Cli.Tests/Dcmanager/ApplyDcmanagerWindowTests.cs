using System.Globalization;
using System.Text.RegularExpressions;
using Cli.Tests.TestKit;
using Executor.Journal;

namespace Cli.Tests.Dcmanager;

/// <summary>
/// The example plan's two windows, brought to now: the first window's cutoff comes with subclouds left, dcmanager's
/// abort lets the current stage finish, the strategy is deleted, and in the second window a new strategy, with the
/// same options, updates what is still out-of-sync.
/// </summary>
public sealed partial class ApplyDcmanagerWindowTests
{
    [Fact]
    public async Task Apply_FirstWindowClosesWithSubcloudsLeft_SecondWindowFinishesThemWithANewStrategy()
    {
        // Given: new work may start for 15 s in window 1; window 2 opens 50 s later
        var now = DateTimeOffset.UtcNow;
        string Time(TimeSpan offset) => (now + offset).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var windows = $"windows:\n  - {{name: night-1, start: {Time(TimeSpan.Zero)}, duration: 40s, cutoff: 25s}}\n" +
            $"  - {{name: night-2, start: {Time(TimeSpan.FromSeconds(50))}, duration: 10m, cutoff: 1m}}\n";
        await using var lab = await DcmanagerLab.StartAsync(600, plan => Windows().Replace(plan, windows));

        // When
        using var apply = lab.StartApply(windows: true);
        await lab.ApproveStartAsync(apply);
        var exit = await apply.WaitForExitAsync(TimeSpan.FromSeconds(240));

        // Then: two strategies, the first aborted at the cutoff, the second over what was left, each subcloud updated once
        Assert.True(exit == 0, string.Join("\n", apply.Lines) + await apply.ErrorAsync());
        var created = lab.Fake.Model.Created;
        Assert.Equal(2, created.Count);
        var (strategies, steps) = StrategyJournal.ReadAll(lab.Journal);
        Assert.Equal(["aborted", "complete"], strategies.Select(s => s.State));
        Assert.All(strategies, s => Assert.NotNull(s.DeletedAt));
        var firstDone = steps.Where(s => s.Round == 1 && s.State == "complete").Select(s => s.Cloud).ToHashSet();
        Assert.NotEmpty(firstDone);
        Assert.Equal(created[0].Clouds.Except(firstDone).Order(), created[1].Clouds.Order());
        var completions = steps.Where(s => s.State == "complete").GroupBy(s => s.Cloud).ToList();
        Assert.Equal(29, completions.Count);
        Assert.All(completions, c => Assert.Single(c));
        Assert.All(steps.Where(s => s.Round == 1 && s.State == "aborted"), s => Assert.Null(s.StartedAt));
    }

    [GeneratedRegex(@"windows:\n(  - .*\n(    .*\n)*)+")]
    private static partial Regex Windows();
}
