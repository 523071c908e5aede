using Planner.Scheduling;
using Simulator.Behaviour;
using Simulator.Sampling;

namespace Simulator.Engine;

/// <summary>
/// One LB as Rockoon's failover Job handles it: up to <see cref="RockoonJobBehaviour.Tries"/> tries of the whole
/// failover, waiting 5 s × 3^n between them. mplan sees one attempt: how long the Job spent on the LB and how it ended.
/// </summary>
internal static class RockoonJobFailover
{
    /// <param name="job">The Job's retry figures.</param>
    /// <param name="p">The step's profile: per-try duration and failure chance, and the target's fault.</param>
    /// <param name="first">The first try's duration, already drawn.</param>
    /// <param name="random">The attempt's draws.</param>
    public static ModelledAttempt Run(RockoonJobBehaviour job, StepProfile p, TimeSpan first, ref KeyedRandom random)
    {
        if (p.Fault == TargetFault.Deleted)
        {
            return new ModelledAttempt(first / 2, StepOutcome.Cancelled, "simulated fault: deleted while the Job handled it (CANCELLED)");
        }

        var total = TimeSpan.Zero;
        for (var attempt = 1; attempt <= job.Tries; attempt++)
        {
            var duration = attempt == 1 ? first : p.Duration.Sample(ref random);
            var failed = p.Fault switch
            {
                TargetFault.Stuck => true,
                TargetFault.Fails or TargetFault.Offline => true,
                _ => random.Chance(p.FailureProbability),
            };
            total += p.Fault == TargetFault.Stuck ? job.TryTimeout : duration;
            if (!failed)
            {
                return new ModelledAttempt(total, StepOutcome.Succeeded, attempt == 1 ? null : $"the Job's try {attempt} succeeded");
            }

            if (attempt < job.Tries)
            {
                total += TimeSpan.FromSeconds(job.FirstRetryDelay.TotalSeconds * Math.Pow(job.Backoff, attempt - 1));
            }
        }

        var why = p.Fault == TargetFault.Stuck ? "stuck in PENDING_UPDATE past 300 s on every try" : "every try failed";
        return new ModelledAttempt(total, StepOutcome.Failed, $"simulated: the Job gave up after {job.Tries} tries ({why})");
    }
}
