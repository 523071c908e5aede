using Cli.Tests.TestKit;
using Executor.Journal;

namespace Cli.Tests.Dcmanager;

/// <summary>
/// <c>mplan apply plans/kube-rootca-update.yaml</c> through the real process against the fake system controller
/// (Keystone + dcmanager, in this process, serving plans/clusters/dc-central.yaml): one strategy, created, applied,
/// followed, mirrored into the journal and deleted; stop-on-failure; an abort; a foreign strategy; a kill and a resume.
/// </summary>
public sealed class ApplyDcmanagerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    // The example plan selects the 29 out-of-sync, managed, online subclouds of dc-central.
    private const int Targets = 29;

    // 45 min per subcloud at 4000x: under a second each, 8 rounds of 4.
    private const double Fast = 4000;

    [Fact]
    public async Task Apply_ExamplePlan_OneStrategyAtMaxFourUpdatesEverySubcloudAndDeletesIt()
    {
        // Given
        await using var lab = await DcmanagerLab.StartAsync(Fast);

        // When
        using var apply = lab.StartApply();
        await lab.ApproveStartAsync(apply);
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: one strategy, never more than 4 subclouds at once, every subcloud complete once, the strategy gone
        Assert.True(exit == 0, string.Join("\n", apply.Lines) + await apply.ErrorAsync());
        var created = Assert.Single(lab.Fake.Model.Created);
        Assert.Equal(Targets, created.Clouds.Count);
        Assert.Equal(4, lab.Fake.Model.MostRunning);
        Assert.Null(lab.Fake.Model.StrategyState);
        var (strategies, steps) = StrategyJournal.ReadAll(lab.Journal);
        var strategy = Assert.Single(strategies);
        Assert.Equal(("complete", created.Id, 4), (strategy.State, strategy.StrategyId!.Value, strategy.MaxParallel));
        Assert.NotNull(strategy.DeletedAt);
        Assert.Equal(Targets, steps.Count(s => s is { State: "complete", Stage: 3 } && s.StartedAt is not null && s.FinishedAt is not null));
        Assert.All(created.Clouds, cloud => Assert.Equal("in-sync", lab.Fake.Model.SyncOf(cloud)));

        // The final output carries dcmanager's tables: microsecond times, stage numbers.
        var output = string.Join("\n", apply.Lines);
        Assert.Contains("| stop on failure        | False", output, StringComparison.Ordinal);
        Assert.Matches(@"\| subcloud01 \| 3     \| complete \|\s+\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} \|", output);
    }

    [Fact]
    public async Task Apply_StopOnFailure_StrategyFailsAndStartsNothingAfterTheFailure()
    {
        // Given: stop-on-failure, and subcloud02 fails
        await using var lab = await DcmanagerLab.StartAsync(Fast, plan => plan.Replace("stopOnFailure: false", "stopOnFailure: true", StringComparison.Ordinal),
            "  targets:\n    subcloud02: {fault: fails}\n");

        // When
        using var apply = lab.StartApply();
        await lab.ApproveStartAsync(apply);
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: the strategy failed; subcloud02 failed with dcmanager's details; most subclouds never started
        Assert.Equal(1, exit);
        Assert.Single(lab.Fake.Model.Created);
        var (strategies, steps) = StrategyJournal.ReadAll(lab.Journal);
        Assert.Equal("failed", Assert.Single(strategies).State);
        var failed = Assert.Single(steps, s => s.State == "failed");
        Assert.Equal("subcloud02", failed.Cloud);
        Assert.Contains("VIM strategy apply failed", failed.Details, StringComparison.Ordinal);
        Assert.True(steps.Count(s => s.State == "initial") >= Targets - 8, string.Join("\n", steps.Select(s => $"{s.Cloud} {s.State}")));
        Assert.DoesNotContain(steps, s => s.State == "initial" && s.StartedAt is not null);
    }

    [Fact]
    public async Task Apply_AbortInTheMiddle_CurrentStageCompletesAndNothingNewStarts()
    {
        // Given: a slower run, some subclouds done
        await using var lab = await DcmanagerLab.StartAsync(900);
        using var apply = lab.StartApply();
        await lab.ApproveStartAsync(apply);
        Assert.True(await apply.WaitForLineAsync(l => l.Contains(": succeeded: dcmanager: complete", StringComparison.Ordinal), Limit));

        // When
        var (abortExit, _, abortError) = await Mplan.RunAsync("abort", lab.Journal, "--reason", "test abort");
        Assert.True(abortExit == 0, abortError);
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: dcmanager aborted; the steps under way completed; the rest aborted without starting
        Assert.Equal(3, exit);
        var (strategies, steps) = StrategyJournal.ReadAll(lab.Journal);
        Assert.Equal("aborted", Assert.Single(strategies).State);
        Assert.Contains(steps, s => s.State == "aborted");
        Assert.All(steps.Where(s => s.State == "aborted"), s => Assert.Null(s.StartedAt));
        Assert.All(steps.Where(s => s.StartedAt is not null), s => Assert.Equal("complete", s.State));
        Assert.Contains(lab.Fake.Requests, r => r.StartsWith("POST /v1.0/sw-update-strategy/actions?type=kube-rootca-update -> 200", StringComparison.Ordinal));
        Assert.Null(lab.Fake.Model.StrategyState); // Deleted, so that the next strategy can be created.
        var seen = StrategyJournal.ReadStates(lab.Journal)[("kube-rootca", 1)];
        Assert.Equal(["applying", "abort requested"], seen.SkipWhile(s => s != "applying").Take(2));
        Assert.Equal("aborted", seen[^1]);
        Assert.Contains(apply.Lines, l => l.StartsWith("states seen: ", StringComparison.Ordinal) && l.EndsWith("→ aborted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_ForeignStrategyExists_RefusedAndLeftAlone()
    {
        // Given: someone else's strategy (another type) on the system controller
        await using var lab = await DcmanagerLab.StartAsync(Fast);
        await ForeignStrategy.CreateAsync(lab, "prestage");

        // When
        using var apply = lab.StartApply();
        await lab.ApproveStartAsync(apply);
        var exit = await apply.WaitForExitAsync(Limit);

        // Then: nothing created, nothing deleted, the reason names the strategy and what to do
        Assert.Equal(1, exit);
        Assert.Equal("prestage", Assert.Single(lab.Fake.Model.Created).Type);
        Assert.Equal("initial", lab.Fake.Model.StrategyState);
        Assert.DoesNotContain(lab.Fake.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal) || r.Contains("/actions", StringComparison.Ordinal));
        Assert.Contains(apply.Lines, l => l.Contains("a dcmanager strategy of type prestage already exists", StringComparison.Ordinal) &&
            l.Contains("state initial", StringComparison.Ordinal) && l.Contains("mplan did not create it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_DcmanagerRefusesTheCreate_ErrorNamesThePlanLineAndNothingIsCreated()
    {
        // Given: since the plan was made, the audit lost track of subcloud39 (unknown): dcmanager refuses any strategy
        await using var lab = await DcmanagerLab.StartAsync(Fast);
        Assert.True(lab.Fake.Model.SetKubeRootcaSync("subcloud39", "unknown"));

        // When
        using var apply = lab.StartApply();
        await lab.ApproveStartAsync(apply);
        var exit = await apply.WaitForExitAsync(Limit);

        // Then
        Assert.Equal(1, exit);
        Assert.Empty(lab.Fake.Model.Created);
        var output = string.Join("\n", apply.Lines);
        Assert.Contains("dcmanager would not include subcloud39 in a strategy (managed, online, kube-rootca unknown)", output, StringComparison.Ordinal);
        Assert.Matches(@"kube-rootca-update\.yaml:\d+:\d+: dcmanager refused the strategy \(422\): Unable to create strategy of type 'kube-rootca-update': " +
            "Bad strategy request: kube-rootca sync status is unknown for one or more subclouds", output);
    }

    [Fact]
    public async Task Apply_KilledAtARandomMomentThenResumed_NoSecondStrategyAndEverySubcloudOnce()
    {
        // Given: a run killed after a random number of subclouds finished
        var kill = RandomKill.FromClock();
        var after = kill.Random.Next(0, 20);
        await using var lab = await DcmanagerLab.StartAsync(1500);
        using (var apply = lab.StartApply())
        {
            await lab.ApproveStartAsync(apply);
            await kill.KillAsync(apply, _ => apply.Lines.Count(x => x.Contains(": succeeded: dcmanager", StringComparison.Ordinal)) >= after, TimeSpan.Zero, TimeSpan.Zero, Limit);
        }

        // When
        using var resume = MplanProcess.Start(lab.Directory, lab.Environment(), "apply", "--resume", lab.Journal, "--os-cloud", "dc-central", "--ignore-window");
        var exit = await resume.WaitForExitAsync(Limit);

        // Then
        var context = $"{kill}, killed after {after} subclouds\n{string.Join("\n", resume.Lines)}\n{await resume.ErrorAsync()}";
        Assert.True(exit == 0, context);
        Assert.Single(lab.Fake.Model.Created);
        var (strategies, steps) = StrategyJournal.ReadAll(lab.Journal);
        Assert.Single(strategies);
        Assert.Equal(Targets, steps.Count(s => s.State == "complete"));
        var snapshot = JournalReader.Read(lab.Journal);
        Assert.Equal(Targets, snapshot.Steps.Count(s => s.Operation == "kube-rootca" && s.State == "succeeded"));
        Assert.All(snapshot.Steps.Where(s => s.Operation == "kube-rootca"), s => Assert.True(s.Attempt <= 2, context));
    }
}
