using Executor.Drivers;
using Executor.Journal;
using Executor.OpenStack;

namespace Executor.Dcmanager;

internal sealed partial class StrategyRun
{
    // How long the loop waits for dcmanager's audit to find the subclouds it updated in sync before the next strategy.
    private static readonly TimeSpan AuditWait = TimeSpan.FromMinutes(10);
    private const int TransientLimit = 30;

    private async Task RunLoopAsync()
    {
        var transient = 0;
        try
        {
            _journal ??= StrategyJournal.Open(run.JournalPath ?? throw new InvalidOperationException("the journal is not open yet"));
            RestoreFromJournal();
            while (true)
            {
                try
                {
                    if (!await RoundAsync())
                    {
                        break;
                    }

                    transient = 0;
                }
                catch (OpenStackException e) when (e.IsTransient && ++transient < TransientLimit)
                {
                    await DelayAsync(pollInterval * 2, CancellationToken.None);
                }
            }

            ReleaseAll(run.StopReason is { } reason
                ? $"dcmanager did not start it: the run stopped ({reason})"
                : "dcmanager did not update it in this run (see the strategy's steps in mplan show)");
        }
#pragma warning disable CA1031 // Whatever ends the loop ends every wait with it, as a failure that says why.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ReleaseAll(e is OpenStackException or JournalException or InvalidOperationException ? e.Message : $"dcmanager driver error: {e.Message}");
        }
    }

    // Subclouds a strategy of an earlier run already completed or failed are settled without asking dcmanager.
    private void RestoreFromJournal()
    {
        foreach (var step in _journal!.Steps(spec.Operation))
        {
            if (step.State is "complete" or "failed")
            {
                Settle(step.Cloud, Outcome(step));
            }
        }
    }

    /// <summary>One strategy: adopt or refuse the live one, or create the next. False when nothing is left to do in this run.</summary>
    private async Task<bool> RoundAsync()
    {
        var live = await client.GetAnyStrategyAsync(CancellationToken.None);
        var records = _journal!.Strategies(spec.Operation);
        var last = records.Count > 0 ? records[^1] : null;
        if (live is not null)
        {
            if (last is null || !IsOurs(last, live))
            {
                Release(spec.Targets, Foreign(live));
                return false;
            }

            return await FollowAsync(last with { StrategyId = live.Id, CreatedAt = live.CreatedAt }, live);
        }

        if (run.Stopping.IsCancellationRequested || run.Ended.IsCancellationRequested)
        {
            return false;
        }

        var remaining = Remaining();
        var scope = spec.Scope == StrategyScope.PerSubcloud ? Waiting().Take(1).ToList() : remaining;
        if (remaining.Count == 0 || scope.Count == 0)
        {
            return false;
        }

        if (!await WaitForWindowAsync())
        {
            return false;
        }

        var ready = await CheckScopeAsync(scope);
        if (ready is null)
        {
            return false;
        }

        if (ready.Count == 0)
        {
            return true; // Those were left out; the others go on.
        }

        var cloud = spec.Scope == StrategyScope.PerSubcloud ? ready[0] : null;
        var record = new StrategyRecord(spec.Operation, (last?.Round ?? 0) + 1, cloud ?? (spec.Group is { } g ? $"group {g}" : "all"),
            time.GetUtcNow(), null, null, "creating", null);
        _journal.Save(record);
        DcStrategy created;
        try
        {
            created = await client.CreateAsync(spec.Payload(cloud), CancellationToken.None);
        }
        catch (OpenStackException e) when (e.Status is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.UnprocessableEntity)
        {
            _journal.Save(record with { State = "refused" });
            lock (_gate)
            {
                _skipped.UnionWith(ready);
            }

            var refusal = e.Fault ?? e.Message;
            Release(ready, $"{spec.LineFor(refusal)}: dcmanager refused the strategy ({(int)e.Status!}): {refusal}; " +
                "change that option in the plan and plan again (nothing was created)");
            return spec.Scope == StrategyScope.PerSubcloud;
        }

        return await FollowAsync(Describe(record, created), created);
    }

    private static StrategyRecord Describe(StrategyRecord record, DcStrategy strategy) => record with
    {
        StrategyId = strategy.Id,
        CreatedAt = strategy.CreatedAt ?? record.CreatedAt,
        State = strategy.State,
        ApplyType = strategy.ApplyType,
        MaxParallel = strategy.MaxParallel,
        StopOnFailure = strategy.StopOnFailure,
        UpdatedAt = strategy.UpdatedAt,
    };

    // Ours: the id the journal recorded, or (killed between the create and its record) a kube-rootca-update strategy
    // created after the journal said mplan was creating one.
    private static bool IsOurs(StrategyRecord record, DcStrategy live) =>
        live.Type == DcmanagerClient.Type && (record.StrategyId is { } id
            ? id == live.Id && record.DeletedAt is null
            : record.State == "creating" && live.CreatedAt is { } created && created >= record.RequestedAt - TimeSpan.FromMinutes(1));

    private static string Foreign(DcStrategy live) =>
        $"a dcmanager strategy of type {live.Type} already exists (id {live.Id}, state {live.State}, created {Describe(live.CreatedAt)}) and mplan did not create it; " +
        $"nothing was changed. dcmanager allows one strategy at a time: let its owner finish it, or delete it (dcmanager {live.Type}-strategy delete) once it is " +
        "initial, complete, failed or aborted, then resume (mplan apply --resume JOURNAL)";

    private static string Describe(DateTimeOffset? at) => at is { } t ? Planner.Documents.TimeText.Format(t) : "at an unknown time";

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, time, cancellationToken);
}
