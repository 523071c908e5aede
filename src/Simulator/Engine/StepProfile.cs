using Simulator.Behaviour;

namespace Simulator.Engine;

/// <summary>
/// How the fake cluster answers one step, resolved once per plan from the behaviour sections and defaults. Steps that
/// answer alike share one instance (value equality), so a trial reads a few profiles rather than one per step.
/// </summary>
internal sealed record StepProfile
{
    public required Distribution Duration { get; init; }

    public required double FailureProbability { get; init; }

    public TargetFault Fault { get; init; }

    public bool IsGate { get; init; }

    /// <summary>σ of the run's speed factor that multiplies this step's durations (0: none); see <see cref="KindBehaviour.RunSpread"/>.</summary>
    public double RunSpread { get; init; }

    /// <summary>Instances a live-migrate step moves (0 for other steps).</summary>
    public int Instances { get; init; }

    public double InstanceFailureProbability { get; init; }

    /// <summary>For an LB in Rockoon's failover Job: how the Job retries it (<see cref="Duration"/> and <see cref="FailureProbability"/> are per try); null otherwise.</summary>
    public RockoonJobBehaviour? Job { get; init; }

    /// <summary>Attempts that start before this time fail with <see cref="FailureDetail"/> (a preflight the inventory fails); zero for none.</summary>
    public TimeSpan FailsUntil { get; init; }

    public string? FailureDetail { get; init; }

    /// <summary>API outages of the step's cluster.</summary>
    public required ApiOutage[] Outages { get; init; }
}
