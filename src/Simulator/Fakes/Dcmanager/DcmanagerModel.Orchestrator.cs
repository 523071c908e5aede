using System.Globalization;
using Simulator.Behaviour;

namespace Simulator.Fakes.Dcmanager;

public sealed partial class DcmanagerModel
{
    // dcmanager gives up on a VIM apply after 120 polls of 60 s.
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromHours(2);
    private static readonly TimeSpan AuditDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// One turn of the orchestrator at the fake's current time: steps move through the release's states, new steps start
    /// up to max parallel (sliding window), an abort sets the unstarted steps aborted, the strategy ends as failed,
    /// aborted or complete, a deleted strategy disappears, and the audit turns completed subclouds in-sync.
    /// </summary>
    public void Tick()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Audit(now);
            if (_strategy is not { } strategy)
            {
                return;
            }

            if (strategy.State == StrategyStates.Deleting)
            {
                if (now >= strategy.DestroyAt)
                {
                    _strategy = null;
                }

                return;
            }

            if (strategy.Type != KubeRootca || strategy.State is StrategyStates.Initial or StrategyStates.Complete or StrategyStates.Aborted)
            {
                return;
            }

            if (strategy.State == StrategyStates.AbortRequested)
            {
                foreach (var step in strategy.Steps.Where(s => s.State == StepStates.Initial))
                {
                    Finish(step, StepStates.Aborted, "", now, started: false);
                }

                SetState(strategy, StrategyStates.Aborting);
            }

            foreach (var step in strategy.Steps.Where(s => s.IsRunning))
            {
                Advance(strategy, step, now);
            }

            StartSteps(strategy, now);
            Conclude(strategy, now);
        }
    }

    private void StartSteps(FakeStrategy strategy, DateTimeOffset now)
    {
        if (strategy.State != StrategyStates.Applying || strategy.Stopped)
        {
            return;
        }

        var running = strategy.Steps.Count(s => s.IsRunning);
        foreach (var step in strategy.Steps.Where(s => s.State == StepStates.Initial).ToList())
        {
            if (running >= strategy.MaxParallel)
            {
                break;
            }

            var subcloud = step.Subcloud;
            if (subcloud.Management != "managed" || subcloud.Availability != "online")
            {
                step.StartedAt = now;
                step.Stage = 2;
                var why = subcloud.Management != "managed" ? "unmanaged" : "offline";
                Finish(step, StepStates.Failed, $"Subcloud {subcloud.Name} is {why}.", now, started: true);
                OnFailure(strategy);
                continue;
            }

            step.Stage = 2;
            step.StartedAt = now;
            step.State = Release.Phases(strategy.HasCertFile)[0].State;
            step.UpdatedAt = now;
            step.EndsAt = now + Scaled(subcloud.UpdateTime);
            running++;
            MostRunning = Math.Max(MostRunning, running);
        }
    }

    private void Advance(FakeStrategy strategy, FakeStep step, DateTimeOffset now)
    {
        var total = step.EndsAt!.Value - step.StartedAt!.Value;
        var elapsed = now - step.StartedAt.Value;
        var phases = Release.Phases(strategy.HasCertFile);
        var (state, progress) = PhaseAt(phases, total <= TimeSpan.Zero ? 1 : elapsed / total);
        var subcloud = step.Subcloud;
        switch (subcloud.Fault)
        {
            case TargetFault.Offline when state == StepStates.Applying || progress >= 1:
                subcloud.Availability = "offline";
                subcloud.UpdatedAt = now;
                Fail(strategy, step, $"{StepStates.Applying}: Subcloud {subcloud.Name} is offline. VIM strategy apply failed.", now);
                return;
            case TargetFault.Fails when state == StepStates.Applying && progress >= 0.5:
                Fail(strategy, step, $"{StepStates.Applying}: VIM strategy apply failed: kube-rootca-update apply phase failed on {subcloud.Name} controller-0", now);
                return;
            case TargetFault.Stuck when state == StepStates.Applying:
                step.State = state;
                step.Details = "apply phase is 0% complete";
                step.UpdatedAt = now;
                if (elapsed >= Scaled(ApplyTimeout))
                {
                    Fail(strategy, step, $"{StepStates.Applying}: Timeout waiting for VIM strategy to apply.", now);
                }

                return;
        }

        if (progress >= 1)
        {
            Finish(step, StepStates.Complete, "", now, started: true);
            return;
        }

        if (step.State != state || state == StepStates.Applying)
        {
            step.State = state;
            step.Details = state == StepStates.Applying ? $"apply phase is {(int)(progress * 100)}% complete" : "";
            step.UpdatedAt = now;
        }
    }

    // Which state a step is in once the given share of its time has passed, and how far through the apply phase.
    private static (string State, double Progress) PhaseAt(IReadOnlyList<(string State, double Share)> phases, double done)
    {
        if (done >= 1)
        {
            return (StepStates.Applying, 1);
        }

        var start = 0.0;
        foreach (var (state, share) in phases)
        {
            if (done < start + share)
            {
                return (state, state == StepStates.Applying ? (done - start) / share : 0);
            }

            start += share;
        }

        return (StepStates.Applying, 1);
    }

    private void Fail(FakeStrategy strategy, FakeStep step, string details, DateTimeOffset now)
    {
        Finish(step, StepStates.Failed, details.Length > 1000 ? details[..1000] : details, now, started: true);
        OnFailure(strategy);
    }

    // stop-on-failure: nothing new starts; 11.0 and later say failed at once, 10.0 once the in-flight steps end.
    private void OnFailure(FakeStrategy strategy)
    {
        if (!strategy.StopOnFailure)
        {
            return;
        }

        strategy.Stopped = true;
        if (Release.FailsAtOnce)
        {
            SetState(strategy, StrategyStates.Failed);
        }
    }

    private static void Finish(FakeStep step, string state, string details, DateTimeOffset now, bool started)
    {
        step.State = state;
        step.Details = details;
        step.Stage = started ? 3 : step.Stage;
        step.FinishedAt = now;
        step.UpdatedAt = now;
    }

    private void Conclude(FakeStrategy strategy, DateTimeOffset now)
    {
        var steps = strategy.Steps;
        var allFinal = steps.All(s => StepStates.IsFinal(s.State));
        var stoppedAndIdle = strategy.Stopped && !steps.Any(s => s.IsRunning);
        if (!allFinal && !stoppedAndIdle)
        {
            return;
        }

        var final = steps.Any(s => s.State == StepStates.Failed) ? StrategyStates.Failed
            : steps.Any(s => s.State == StepStates.Aborted) ? StrategyStates.Aborted
            : StrategyStates.Complete;
        if (strategy.State != final)
        {
            SetState(strategy, final);
        }

        ScheduleAudit(strategy, now);
    }

    private readonly HashSet<int> _audited = [];

    /// <summary>The most steps that ran at once since the fake started (tests check max parallel with it).</summary>
    public int MostRunning { get; private set; }

    /// <summary>Every strategy created since the fake started, by id, with the subclouds of its steps (tests count them).</summary>
    public IReadOnlyList<(int Id, string Type, IReadOnlyList<string> Clouds)> Created
    {
        get
        {
            lock (_gate)
            {
                return [.. _created];
            }
        }
    }

    private readonly List<(int Id, string Type, IReadOnlyList<string> Clouds)> _created = [];

    // After the strategy ends, the kube-rootca audit finds the completed subclouds in sync, a little later.
    private void ScheduleAudit(FakeStrategy strategy, DateTimeOffset now)
    {
        if (!_audited.Add(strategy.Id))
        {
            return;
        }

        foreach (var step in strategy.Steps.Where(s => s.State == StepStates.Complete))
        {
            step.Subcloud.AuditAt = now + Scaled(AuditDelay);
        }
    }

    private void Audit(DateTimeOffset now)
    {
        foreach (var subcloud in _subclouds.Where(s => s.AuditAt <= now))
        {
            subcloud.KubeRootcaSync = "in-sync";
            subcloud.AuditAt = null;
            subcloud.UpdatedAt = now;
        }
    }

    /// <summary>The step's state, for tests: e.g. <c>subcloud01: complete</c>.</summary>
    /// <param name="cloud">The subcloud.</param>
    public string? StepState(string cloud)
    {
        lock (_gate)
        {
            return _strategy?.Steps.FirstOrDefault(s => s.Subcloud.Name == cloud)?.State;
        }
    }

    /// <summary>The subcloud's kube-rootca sync status, for tests.</summary>
    /// <param name="cloud">The subcloud.</param>
    public string? SyncOf(string cloud)
    {
        lock (_gate)
        {
            return _subclouds.FirstOrDefault(s => s.Name == cloud)?.KubeRootcaSync.ToString(CultureInfo.InvariantCulture);
        }
    }
}
