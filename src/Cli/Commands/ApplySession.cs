using Executor.Kinds;
using Cli.Views;
using Cli.Views.Apply;
using Executor.Apply;
using Executor.Journal;
using Planner.Diagnostics;
using Planner.Events;
using Planner.Plans;

namespace Cli.Commands;

/// <summary>
/// One <c>mplan apply</c>: load (or reopen) the plan, confirm, take the lock, open the journal, run, report.
/// Nothing starts before the journal exists and the lock is held.
/// </summary>
internal sealed class ApplySession(CliContext context, ApplyRequest request)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunCheckedAsync(cancellationToken);
        }
        catch (Exception e) when (e is JournalException or Executor.OpenStack.OpenStackException)
        {
            await context.Error.WriteLineAsync($"mplan: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private async Task<int> RunCheckedAsync(CancellationToken cancellationToken)
    {
        var resuming = request.Resume is not null;
        if (resuming == (request.Plan is not null))
        {
            await context.Error.WriteLineAsync("mplan: give either a PLAN (a plan file or a saved plan) or --resume JOURNAL");
            return ExitCodes.Failed;
        }

        RunJournal? existing = resuming ? RunJournal.OpenForResume(request.Resume!) : null;
        using var _ = existing;
        var loaded = existing is null ? LoadPlan(request.Plan!) : Reopen(existing);
        if (loaded is null)
        {
            return ExitCodes.Failed;
        }

        var (plan, savedBytes, savedPath) = loaded.Value;
        if (ApplyKinds.PlanOnlyIn(plan) is { Count: > 0 } planOnly)
        {
            // Said before any credential is read: nothing about the cloud matters yet.
            await context.Error.WriteLineAsync($"mplan: this plan has kinds apply cannot run yet: {string.Join(", ", planOnly.Select(k => k.Uses))}");
            foreach (var (uses, reason) in planOnly)
            {
                await context.Error.WriteLineAsync($"  {uses}: {reason}");
            }

            await context.Error.WriteLineAsync("  Nothing was changed. plan and simulate support every kind; apply the other operations with a plan of their own.");
            return ExitCodes.Failed;
        }

        using var runHandle = new Executor.Drivers.RunHandle { IgnoreWindows = request.IgnoreWindows };
        var drivers = new DriverSet(context.Drivers(plan, request.Connections with { Run = runHandle }));
        if (drivers.Unsupported(plan) is { Count: > 0 } unsupported)
        {
            await context.Error.WriteLineAsync($"mplan: no driver runs these steps: {string.Join(", ", unsupported)}; nothing was changed");
            return ExitCodes.Failed;
        }

        if (!resuming)
        {
            var refreshed = await CheckLiveInventoryAsync(plan, cancellationToken);
            if (refreshed is null)
            {
                return ExitCodes.Failed;
            }

            var replanned = !ReferenceEquals(refreshed, plan);
            (plan, savedBytes, savedPath) = replanned ? (refreshed, SavedPlan.Write(refreshed), null) : (plan, savedBytes, savedPath);
            if (savedPath is null && !await ConfirmAsync(plan))
            {
                return ExitCodes.Failed;
            }
        }

        var journalPath = request.Resume ?? request.Journal ?? DefaultJournalPath(plan);
        using var runLock = JournalLock.Acquire(journalPath, plan.Plan.Metadata.Name, ClusterKey(plan));
        foreach (var notice in runLock.StaleNotices)
        {
            await context.Error.WriteLineAsync($"mplan: {notice}");
        }

        IAsyncDisposable clusterLocks;
        try
        {
            clusterLocks = await context.ClusterLocks(plan, request.Connections, cancellationToken);
        }
        catch (Exception e) when (e is Executor.Kubernetes.KubeLeaseHeldException or Executor.Kubernetes.KubeAccessException or Executor.Kubernetes.KubeApiException)
        {
            await context.Error.WriteLineAsync($"mplan: {e.Message}; nothing was changed");
            return ExitCodes.Failed;
        }

        await using var _locks = clusterLocks;

        var journal = existing ?? RunJournal.Create(journalPath,
            new JournalRun(plan.Plan.Metadata.Name, plan.Sha256, plan.Plan.SourceFile, savedPath, DateTimeOffset.UtcNow), savedBytes);
        using var ownJournal = existing is null ? journal : null;
        await context.Error.WriteLineAsync($"Journal: {journalPath}  (mplan show {journalPath}; mplan abort {journalPath})");
        var runStart = journal.LastSequence == 0 ? DateTimeOffset.UtcNow : journal.Run.CreatedAt;
        (runHandle.JournalPath, runHandle.RunStart) = (journalPath, runStart);
        var result = await RunWithProgressAsync(plan, drivers, journal, runStart, runHandle, cancellationToken);
        await runHandle.DrainAsync(TimeSpan.FromMinutes(2)); // A dcmanager strategy that is ending is deleted before the report.
        ApplySummaryView.Write(request.Json ? context.Error : context.Output, plan, result, journalPath, runStart);
        DcmanagerApplyText.Write(request.Json ? context.Error : context.Output, journalPath);
        return result.Outcome switch
        {
            ApplyOutcome.Succeeded => ExitCodes.Success,
            ApplyOutcome.Failed => ExitCodes.Failed,
            _ => ExitCodes.NeedsOperator,
        };
    }

    private async Task<ApplyResult> RunWithProgressAsync(ResolvedPlan plan, DriverSet drivers, RunJournal journal, DateTimeOffset runStart,
        Executor.Drivers.RunHandle runHandle, CancellationToken cancellationToken)
    {
        using var stopNew = new CancellationTokenSource();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupts = context.OnInterrupt(() =>
        {
            if (!stopNew.IsCancellationRequested)
            {
                context.Error.WriteLine("mplan: interrupted: in-flight steps finish, nothing new starts (Ctrl-C again to cancel them).");
                stopNew.Cancel();
            }
            else
            {
                cancel.Cancel();
            }
        });

        var live = !request.Json && context.IsTerminal ? new LiveProgressView(plan, context.Console(), journal.Path) : null;
        IRunEventSink view = request.Json ? new JsonLinesView(context.Output) : live is not null ? live : new PlainProgressView(context.Output, journal.Path);
        var runner = new ApplyRunner(plan, drivers, new FanOutSink(journal, view), TimeProvider.System, new ApplyOptions { IgnoreWindows = request.IgnoreWindows, Stopping = runHandle.Stop },
            new JournalGateDesk(journal));
        var earlier = journal.LastSequence == 0 ? null : journal.Steps.ToDictionary(s => s.Key, s => new EarlierStep(s.Value.State, s.Value.Submitted), StringComparer.Ordinal);
        Task<ApplyResult> Run() => runner.RunAsync(runStart, earlier, journal.LastSequence + 1,
            () => journal.AbortRequested(out var reason) ? reason ?? "aborted with mplan abort" : null, stopNew.Token, cancel.Token);
        return live is null ? await Run() : await live.RunAsync(Run);
    }

    // A reviewed plan is applied only while the cloud still looks as it did: the plan is made again from the live
    // inventory and compared. With --refresh the new plan is kept (its inventory files beside the journal) and confirmed.
    private async Task<ResolvedPlan?> CheckLiveInventoryAsync(ResolvedPlan plan, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("mplan-live-").FullName;
        try
        {
            var snapshots = await context.LiveInventory.SnapshotAsync(plan, request.Connections.OsCloud, scratch, cancellationToken);
            if (snapshots.Count == 0)
            {
                return plan;
            }

            var overrides = InputFile.ClusterFiles(plan.Inputs);
            foreach (var (cluster, file) in snapshots)
            {
                overrides[cluster] = file;
            }

            var diagnostics = new DiagnosticBag();
            var live = PlanBuilder.Build(plan.Plan.SourceFile, context.Files, overrides, diagnostics);
            if (live is null)
            {
                DiagnosticsView.Write(context.Error, diagnostics.Sorted());
                await context.Error.WriteLineAsync("mplan: the plan cannot be made from the live inventory (see above)");
                return null;
            }

            var drift = PlanDrift.Compare(plan, live);
            return drift.Count == 0 ? plan : await OnDriftAsync(drift, snapshots, overrides, plan.Plan.SourceFile, cancellationToken);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private async Task<ResolvedPlan?> OnDriftAsync(IReadOnlyList<string> drift, IReadOnlyDictionary<string, string> snapshots,
        Dictionary<string, string> overrides, string planFile, CancellationToken cancellationToken)
    {
        var error = context.Error;
        await error.WriteLineAsync(request.Refresh
            ? "mplan: the live inventory changed since the plan was made; re-planning against it (--refresh):"
            : "mplan: the live inventory no longer matches what was planned:");
        foreach (var change in drift.Take(20))
        {
            await error.WriteLineAsync($"  - {change}");
        }

        if (drift.Count > 20)
        {
            await error.WriteLineAsync($"  … and {drift.Count - 20} more");
        }

        if (!request.Refresh)
        {
            await error.WriteLineAsync("  Re-plan against the live inventory with --refresh (you review and confirm the new plan), or update the cluster file and plan again.");
            return null;
        }

        // Keep the live inventory the new plan is made from beside the journal, so the run can be reviewed and resumed.
        var directory = Path.GetDirectoryName(Path.GetFullPath(request.Journal ?? planFile)) ?? ".";
        foreach (var (cluster, file) in snapshots)
        {
            overrides[cluster] = Path.Combine(directory, Path.GetFileName(file));
            File.Copy(file, overrides[cluster], overwrite: false);
            await error.WriteLineAsync($"mplan: the live inventory of {cluster} is in {overrides[cluster]}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var diagnostics = new DiagnosticBag();
        var replanned = PlanBuilder.Build(planFile, context.Files, overrides, diagnostics);
        DiagnosticsView.Write(error, diagnostics.Sorted());
        return replanned;
    }

    private (ResolvedPlan Plan, byte[] Saved, string? SavedPath)? LoadPlan(string path)
    {
        var diagnostics = new DiagnosticBag();
        var input = PlanInput.Resolve(context, path, request.ClusterOverrides, diagnostics);
        DiagnosticsView.Write(context.Error, diagnostics.Sorted());
        return input is not { } loaded ? null
            : loaded.IsSaved ? (loaded.Plan, loaded.Content, path) : (loaded.Plan, SavedPlan.Write(loaded.Plan), null);
    }

    // Resume: the plan comes from the journal and must still be the same plan (same inputs, same hash).
    private (ResolvedPlan Plan, byte[] Saved, string? SavedPath)? Reopen(RunJournal journal)
    {
        var diagnostics = new DiagnosticBag();
        var plan = SavedPlan.Reopen(journal.Path, journal.SavedPlan, context.Files, diagnostics);
        DiagnosticsView.Write(context.Error, diagnostics.Sorted());
        if (plan is null)
        {
            return null;
        }

        journal.CheckPlan(plan.Sha256);
        return (plan, journal.SavedPlan, journal.Run.SavedPlanFile);
    }

    private async Task<bool> ConfirmAsync(ResolvedPlan plan)
    {
        // JSON Lines on stdout stay pure: the review goes to stderr then.
        var review = request.Json ? context.Error : context.Output;
        new PlanTextView { ExplainsExitCode = false }.Render(plan, review);
        if (request.AutoApprove)
        {
            return true;
        }

        if (!context.IsInteractive)
        {
            await context.Error.WriteLineAsync("mplan: apply needs confirmation: run it on a terminal, pass --auto-approve, or apply a reviewed saved plan (mplan plan --out FILE).");
            return false;
        }

        await review.WriteAsync($"\nApply plan {plan.Plan.Metadata.Name} ({plan.Sha256[..12]})? Only 'yes' is accepted: ");
        var answer = await context.Input.ReadLineAsync();
        if (answer?.Trim() == "yes")
        {
            return true;
        }

        await context.Error.WriteLineAsync("mplan: apply cancelled; nothing was changed.");
        return false;
    }

    private static string DefaultJournalPath(ResolvedPlan plan) =>
        $"mplan-{plan.Plan.Metadata.Name}-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'Z'}.journal";

    // The same plan against the same cluster inventory may run only once at a time, whatever the journal.
    private static string ClusterKey(ResolvedPlan plan) =>
        string.Join(",", plan.Clusters.Select(c => c.Name).Order(StringComparer.Ordinal));
}
