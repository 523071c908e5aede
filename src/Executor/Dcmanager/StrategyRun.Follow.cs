using System.Globalization;
using Executor.Drivers;
using Executor.Journal;

namespace Executor.Dcmanager;

internal sealed partial class StrategyRun
{
    /// <summary>
    /// Applies the strategy if it is still initial, then polls it and its steps until it ends: mirrors the steps into the
    /// journal, settles every subcloud whose step ended, sends abort once (cutoff, run stopped), then deletes it.
    /// </summary>
    /// <returns>False when the run ended and the strategy was left running for a resume to follow.</returns>
    private async Task<bool> FollowAsync(StrategyRecord record, DcStrategy strategy)
    {
        Keep(record, strategy);
        var abortSent = strategy.State is "abort requested" or "aborting";
        var stoppedBy = (string?)null;
        while (true)
        {
            if (strategy.State == "initial" && !run.Stopping.IsCancellationRequested && WithinWindow())
            {
                strategy = await client.ActAsync("apply", CancellationToken.None) ?? strategy;
            }

            var steps = strategy.State == "deleting" ? [] : await client.GetStepsAsync(CancellationToken.None);
            Mirror(record.Round, steps);
            if (strategy.State is not ("initial" or "deleting"))
            {
                await MarkSubmittedAsync(strategy.Id, record.Round, steps.Where(s => !s.IsFinal || s.State != "aborted").Select(s => s.Cloud));
            }

            var ended = strategy.State == "initial" || (strategy.IsFinal && !steps.Any(s => s.IsRunning));
            if (run.Ended.IsCancellationRequested && strategy.State is "applying" or "initial")
            {
                return false; // The run ended (Ctrl-C twice): the strategy goes on in dcmanager, and a resume follows it.
            }

            if (!ended && strategy.State == "applying" && !abortSent && StopReason() is { } reason)
            {
                stoppedBy = reason;
                abortSent = true;
                strategy = await client.ActAsync("abort", CancellationToken.None) ?? strategy;
                Keep(record, strategy);
                continue;
            }

            if (ended || strategy.State == "deleting")
            {
                Keep(record, strategy);
                await EndAsync(record, strategy, steps, stoppedBy);
                return true;
            }

            await DelayAsync(pollInterval, CancellationToken.None);
            strategy = await client.GetStrategyAsync(CancellationToken.None) ?? strategy with { State = "deleting" };
            Keep(record, strategy);
        }
    }

    // The journal keeps the last state before deleting: the one the strategy ended in.
    private void Keep(StrategyRecord record, DcStrategy strategy)
    {
        if (strategy.State != "deleting")
        {
            _journal!.Save(Describe(record, strategy));
        }
    }

    // Why to abort now: the run stopped (abort, Ctrl-C, a failure policy), or the window's cutoff passed.
    private string? StopReason() =>
        run.Stopping.IsCancellationRequested ? run.StopReason : WithinWindow() ? null : "the maintenance window's cutoff passed";

    private async Task EndAsync(StrategyRecord record, DcStrategy strategy, IReadOnlyList<DcStep> steps, string? stoppedBy)
    {
        // Steps that never started: with stop-on-failure, or when the run stopped, nothing in this run will start them.
        var unstarted = steps.Where(s => s.State is "initial" or "aborted").Select(s => s.Cloud).ToList();
        if (strategy.State == "failed" && spec.StopOnFailure)
        {
            Release(unstarted, $"dcmanager did not start it: strategy {strategy.Id} failed and stops on failure");
        }
        else if (run.Stopping.IsCancellationRequested)
        {
            Release(unstarted, $"dcmanager aborted it before it started ({stoppedBy ?? run.StopReason})");
        }

        if (!spec.DeleteWhenDone)
        {
            Release(Remaining(), $"strategy {strategy.Id} ended {strategy.State} and is kept (with.deleteWhenDone: false), so no next strategy can be created");
            run.Stop("deleteWhenDone: false");
            return;
        }

        // The journal keeps the state the strategy ended in; deleted_at says it is gone.
        if (strategy.State != "deleting")
        {
            await client.DeleteAsync(CancellationToken.None);
        }

        while (await client.GetStrategyAsync(CancellationToken.None) is not null)
        {
            await DelayAsync(pollInterval, CancellationToken.None);
        }

        var ended = strategy.State == "deleting" ? _journal!.Strategies(spec.Operation).Last(r => r.Round == record.Round) : Describe(record, strategy);
        _journal!.Save(ended with { DeletedAt = time.GetUtcNow() });
    }

    private void Mirror(int round, IReadOnlyList<DcStep> steps)
    {
        _journal!.Save([.. steps.Select(s => new StrategyStepRecord(spec.Operation, round, s.Cloud, s.Stage, s.State, s.Details, s.StartedAt, s.FinishedAt))]);
        foreach (var step in steps.Where(s => s.State is "complete" or "failed"))
        {
            Settle(step.Cloud, Outcome(new StrategyStepRecord(spec.Operation, round, step.Cloud, step.Stage, step.State, step.Details, step.StartedAt, step.FinishedAt)));
        }
    }

    private static AttemptResult Outcome(StrategyStepRecord step)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["strategy round"] = step.Round.ToString(CultureInfo.InvariantCulture),
            ["started_at"] = Stamp(step.StartedAt),
            ["finished_at"] = Stamp(step.FinishedAt),
        };
        return step.State == "complete"
            ? AttemptResult.Success("dcmanager: complete", facts)
            : new AttemptResult(Planner.Scheduling.StepOutcome.Failed, $"dcmanager: failed: {step.Details}", facts);
    }

    private static string Stamp(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) ?? "None";

    // The plan's windows on the wall clock, as apply's scheduler holds new work to them: open, and the last time to start.
    private IEnumerable<(DateTimeOffset Open, DateTimeOffset LastStart)> Windows() =>
        run.IgnoreWindows ? [] : windows.Select(w => (Open: w.Start, LastStart: w.Start + w.Duration - w.Cutoff));

    private bool WithinWindow()
    {
        var now = time.GetUtcNow();
        var all = Windows().ToList();
        return all.Count == 0 || all.Any(w => w.Open <= now && now < w.LastStart);
    }

    /// <summary>Waits for a window to be open; false when none is left (the waits are released) or the run stopped.</summary>
    private async Task<bool> WaitForWindowAsync()
    {
        while (!WithinWindow())
        {
            var next = Windows().Where(w => w.Open > time.GetUtcNow()).Select(w => (DateTimeOffset?)w.Open).FirstOrDefault();
            if (next is null)
            {
                Release(Remaining(), "dcmanager did not update it: the last maintenance window's cutoff passed first; resume in a new window");
                return false;
            }

            try
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(run.Stopping, run.Ended);
                await DelayAsync(next.Value - time.GetUtcNow() + TimeSpan.FromMilliseconds(10), either.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Before a create: the subclouds updated earlier must show in-sync (the audit), and what dcmanager would select must be
    /// the plan's remaining targets. Releases the waits of targets dcmanager would leave out; false when it would
    /// include subclouds the plan does not (nothing is created then); else the subclouds to create it for.
    /// </summary>
    private async Task<IReadOnlyList<string>?> CheckScopeAsync(IReadOnlyList<string> scope)
    {
        var deadline = time.GetUtcNow() + AuditWait;
        while (true)
        {
            var subclouds = await client.ListSubcloudsAsync(CancellationToken.None);
            bool Eligible(DcSubcloud s) => s is { Management: "managed", Availability: "online" } &&
                (s.KubeRootcaSync == "out-of-sync" || (spec.Force && s.KubeRootcaSync == "in-sync"));
            var done = Updated();
            var auditPending = subclouds.Any(s => done.Contains(s.Name) && s.KubeRootcaSync == "out-of-sync");
            if (auditPending && spec.Scope != StrategyScope.PerSubcloud && time.GetUtcNow() < deadline && !run.Ended.IsCancellationRequested)
            {
                await DelayAsync(pollInterval, CancellationToken.None);
                continue;
            }

            var byName = subclouds.ToDictionary(s => s.Name, StringComparer.Ordinal);
            var left = scope.Where(c => !byName.TryGetValue(c, out var s) || !Eligible(s)).ToList();
            foreach (var cloud in left)
            {
                var why = byName.TryGetValue(cloud, out var s) ? $"{s.Management}, {s.Availability}, kube-rootca {s.KubeRootcaSync}" : "not known to dcmanager";
                Release([cloud], $"dcmanager would not include {cloud} in a strategy ({why})");
                lock (_gate)
                {
                    _skipped.Add(cloud);
                }
            }

            var ready = scope.Except(left).ToList();
            if (spec.Scope == StrategyScope.PerSubcloud)
            {
                return ready;
            }

            var groupId = spec.Group is null ? null : subclouds.FirstOrDefault(s => spec.Targets.Contains(s.Name))?.GroupId;
            var extra = subclouds.Where(s => Eligible(s) && !scope.Contains(s.Name) && (spec.Group is null || s.GroupId == groupId)).Select(s => s.Name).ToList();
            if (extra.Count > 0)
            {
                Release(scope, $"dcmanager would also update {string.Join(", ", extra.Take(5))}{(extra.Count > 5 ? ", ..." : "")}, which the plan does not; " +
                    "nothing was created: re-plan against the live inventory (mplan apply --refresh, or mplan inventory --os-cloud)");
                return null;
            }

            return ready;
        }
    }
}
