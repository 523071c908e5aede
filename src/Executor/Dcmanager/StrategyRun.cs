using Executor.Drivers;
using Executor.Journal;
using Planner.Model;

namespace Executor.Dcmanager;

/// <summary>
/// The strategies of one kube-rootca-update operation, shared by its per-subcloud steps. The first attempt starts one
/// loop that creates a strategy, applies it and follows it until it ends, mirroring its steps into the journal; each
/// step's attempt waits for its subcloud's step to end. dcmanager orchestrates, mplan's scheduler observes: the two
/// run at the same max parallel, in the same (subcloud) order. When a window's cutoff comes, or the run stops, the
/// loop sends dcmanager's abort (the current stage finishes), deletes the strategy when it ends, and in the next
/// window creates a new one over what is left. A strategy mplan did not create is never touched.
/// </summary>
internal sealed partial class StrategyRun(KubeRootcaSpec spec, DcmanagerClient client, RunHandle run, IReadOnlyList<MaintenanceWindow> windows,
    TimeProvider time, TimeSpan pollInterval)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Waiter> _waiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Drivers.AttemptResult> _results = new(StringComparer.Ordinal);
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);
    private Task? _loop;
    private StrategyJournal? _journal;

    /// <summary>
    /// One step's attempt: joins the loop (starting it if needed) and waits for the subcloud's strategy step to end.
    /// Marks the attempt submitted once a strategy that includes the subcloud is applied.
    /// </summary>
    public async Task<AttemptResult> WaitAsync(AttemptCall call, CancellationToken cancellationToken)
    {
        var cloud = call.Step.TargetName ?? call.Step.TargetId ?? "";
        Waiter waiter;
        lock (_gate)
        {
            if (_results.TryGetValue(cloud, out var known))
            {
                return known;
            }

            if (!_waiters.TryGetValue(cloud, out var existing) || existing.Result.Task.IsCompleted)
            {
                existing = new Waiter(cloud);
                _waiters[cloud] = existing;
            }

            waiter = existing;
            waiter.Call = call;
            waiter.SubmittedSent = false;
            if (_loop is null)
            {
                _loop = Task.Run(RunLoopAsync, CancellationToken.None);
                run.Track(_loop);
            }
        }

        return await waiter.Result.Task.WaitAsync(cancellationToken);
    }

    // The subcloud's step ended for good (complete or failed): its waiter, now or later, gets this.
    private void Settle(string cloud, AttemptResult result)
    {
        lock (_gate)
        {
            if (!_results.TryAdd(cloud, result))
            {
                return;
            }

            if (_waiters.Remove(cloud, out var waiter))
            {
                waiter.Result.TrySetResult(result);
            }
        }
    }

    // Ends the waits of subclouds no strategy will update in this run (they may be updated by a later one).
    private void Release(IEnumerable<string> clouds, string why)
    {
        lock (_gate)
        {
            foreach (var cloud in clouds.ToList())
            {
                if (_waiters.Remove(cloud, out var waiter))
                {
                    waiter.Result.TrySetResult(AttemptResult.Failure(why));
                }
            }
        }
    }

    private void ReleaseAll(string why)
    {
        lock (_gate)
        {
            Release([.. _waiters.Keys], why);
            _skipped.Clear();
            _loop = null; // A later attempt (a resume in this process, a retry) starts afresh.
        }
    }

    // Attempts whose subcloud is in an applied strategy: their side effect was accepted (a resume observes it).
    private async Task MarkSubmittedAsync(int strategyId, int round, IEnumerable<string> clouds)
    {
        var due = new List<Waiter>();
        lock (_gate)
        {
            foreach (var cloud in clouds)
            {
                if (_waiters.TryGetValue(cloud, out var waiter) && !waiter.SubmittedSent && waiter.Call is not null)
                {
                    waiter.SubmittedSent = true;
                    due.Add(waiter);
                }
            }
        }

        foreach (var waiter in due)
        {
            await waiter.Call!.Submitted($"in dcmanager strategy {strategyId} (round {round})");
        }
    }

    private IReadOnlyList<string> Waiting()
    {
        lock (_gate)
        {
            return [.. spec.Targets.Where(_waiters.ContainsKey)];
        }
    }

    // The subclouds a strategy of this operation completed.
    private HashSet<string> Updated()
    {
        lock (_gate)
        {
            return [.. _results.Where(r => r.Value.Outcome == Planner.Scheduling.StepOutcome.Succeeded).Select(r => r.Key)];
        }
    }

    private IReadOnlyList<string> Remaining()
    {
        lock (_gate)
        {
            return [.. spec.Targets.Where(t => !_results.ContainsKey(t) && !_skipped.Contains(t))];
        }
    }

    private sealed class Waiter(string cloud)
    {
        public string Cloud { get; } = cloud;

        public TaskCompletionSource<AttemptResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AttemptCall? Call { get; set; }

        public bool SubmittedSent { get; set; }
    }
}
