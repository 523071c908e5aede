using System.Runtime.CompilerServices;
using Planner.Documents;
using Planner.Graph;
using Planner.Scheduling;
using Simulator.Behaviour;
using Simulator.Sampling;

namespace Simulator.Engine;

/// <summary>
/// The fake clusters' answers for one trial. Every draw is keyed by (trial seed, step, attempt), so a resumed run
/// or a run in another order sees the same faults for the same attempt. One instance per trial (it counts the
/// operator's interventions).
/// </summary>
public sealed class SimulatedAttemptModel(SimulationProfile profile, ulong trialSeed) : IAttemptModel
{
    // Keys of draws that belong to no step: the operator resuming paused runs, the run's speed.
    private const int PauseKey = -1;
    private const int RunSpeedKey = -2;

    // One standard normal draw per trial: the run's speed, shared by every kind with a run spread (the same load of the day).
    private readonly double _runSpeed = new KeyedRandom(trialSeed, RunSpeedKey, 0).NextGaussian();

    /// <summary>Gates answered, manual fallbacks and paused runs resumed: each needed the operator.</summary>
    public int Interventions { get; private set; }

    public (TimeSpan Duration, StepOutcome Outcome) Attempt(Step step, int attempt)
    {
        var result = Run(profile.Graph, step.Index, attempt, TimeSpan.Zero);
        return (result.Duration, result.Outcome);
    }

    // Reads the step's profile by index; the Step itself only on the rare paths (faults, migrations, no profile), so a
    // trial's memory traffic stays with the small per-step tables.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Per event: optimised from the first call (HotPaths).
    public ModelledAttempt Run(ExecutionGraph graph, int step, int attempt, TimeSpan now)
    {
        var p = profile.Steps[step];
        if (p is null)
        {
            return new ModelledAttempt(graph.Steps[step].Expected, StepOutcome.Succeeded, null);
        }

        var random = new KeyedRandom(trialSeed, step, attempt);
        var duration = p.Duration.Sample(ref random);
        if (p.RunSpread > 0)
        {
            duration = TimeSpan.FromMilliseconds(Math.Round(duration.TotalMilliseconds * Math.Exp(p.RunSpread * _runSpeed)));
        }
        if (p.IsGate)
        {
            Interventions++;
            return new ModelledAttempt(duration, StepOutcome.Succeeded, null);
        }

        if (p.Instances > 0)
        {
            return Migrate(graph.Steps[step], attempt, p, ref random);
        }

        if (p.Job is { } job)
        {
            return RockoonJobFailover.Run(job, p, duration, ref random);
        }

        if (now < p.FailsUntil)
        {
            return new ModelledAttempt(duration, StepOutcome.Failed, p.FailureDetail);
        }

        if (p.Outages.Length > 0 && Outage(p, now, duration) is { } outage)
        {
            return outage;
        }

        return p.Fault switch
        {
            TargetFault.Fails => new ModelledAttempt(duration, StepOutcome.Failed, "simulated fault: fails on every attempt"),
            TargetFault.Stuck => new ModelledAttempt(
                graph.Steps[step].Max is var max && max > TimeSpan.Zero ? max + TimeSpan.FromSeconds(1) : BehaviourDefaults.StuckWithoutTimeout,
                StepOutcome.Failed, "simulated fault: stuck in PENDING_UPDATE"),
            TargetFault.Deleted => new ModelledAttempt(duration / 2, StepOutcome.Cancelled, "simulated fault: deleted while it was handled"),
            TargetFault.Offline => new ModelledAttempt(duration / 2, StepOutcome.Failed, $"Subcloud {graph.Steps[step].TargetName} went offline"),
            _ when random.Chance(p.FailureProbability) => new ModelledAttempt(duration, StepOutcome.Failed, "simulated failure"),
            _ => new ModelledAttempt(duration, StepOutcome.Succeeded, null),
        };
    }

    /// <summary>How long the operator takes to resume the run after its <paramref name="pause"/>-th pause; counts as an intervention.</summary>
    public TimeSpan ResumeAfterPause(int pause)
    {
        Interventions++;
        var random = new KeyedRandom(trialSeed, PauseKey, pause);
        return profile.OperatorResponse.Sample(ref random);
    }

    // Each instance migrates in turn; one failing fails the attempt. After the last attempt the node falls back to
    // manual (Rockoon's instance_migration_attempts): the operator moves the rest, which takes their response time.
    private ModelledAttempt Migrate(Step step, int attempt, StepProfile p, ref KeyedRandom random)
    {
        var total = TimeSpan.Zero;
        var failed = 0;
        for (var instance = 0; instance < p.Instances; instance++)
        {
            total += instance == 0 ? TimeSpan.Zero : p.Duration.Sample(ref random);
            failed += random.Chance(p.InstanceFailureProbability) ? 1 : 0;
        }

        total += p.Duration.Sample(ref random);
        if (failed == 0)
        {
            return new ModelledAttempt(total, StepOutcome.Succeeded, null);
        }

        if (attempt < step.Attempts)
        {
            return new ModelledAttempt(total, StepOutcome.Failed, $"live migration of {failed} instance(s) failed");
        }

        Interventions++;
        var manual = profile.OperatorResponse.Sample(ref random);
        return new ModelledAttempt(total + manual, StepOutcome.Succeeded,
            $"live migration of {failed} instance(s) failed {step.Attempts} time(s): fell back to manual, the operator took {DurationText.Format(TimeSpan.FromSeconds(Math.Round(manual.TotalSeconds)))}");
    }

    private static ModelledAttempt? Outage(StepProfile p, TimeSpan now, TimeSpan duration)
    {
        foreach (var outage in p.Outages)
        {
            if (now < outage.To && now + duration > outage.From)
            {
                var failAt = (now > outage.From ? now : outage.From) + outage.FailAfter;
                return new ModelledAttempt(failAt - now, StepOutcome.Failed,
                    $"API unavailable (simulated outage +{DurationText.Format(outage.From)} to +{DurationText.Format(outage.To)})");
            }
        }

        return null;
    }
}
