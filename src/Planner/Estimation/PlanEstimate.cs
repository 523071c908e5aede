using System.Collections.Immutable;

namespace Planner.Estimation;

/// <summary>The estimate: the shared scheduler run with expected durations (and again with pessimistic ones).</summary>
public sealed record PlanEstimate(
    TimeSpan Expected,
    TimeSpan Pessimistic,
    ImmutableArray<OperationTiming> Operations,
    ImmutableArray<CriticalPathPart> CriticalPath,
    WindowFit Window,
    ImpactSummary Impact,
    int OperatorGates)
{
    /// <summary>Budgets and waves, what each costs and how they shape the schedule; null when the plan has none.</summary>
    public RateControlEstimate? RateControl { get; init; }
}

/// <summary>When an operation starts and finishes in the expected schedule, relative to the first window's start.</summary>
public sealed record OperationTiming(int Operation, TimeSpan Start, TimeSpan Finish, TimeSpan PessimisticFinish)
{
    public TimeSpan Duration => Finish - Start;

    /// <summary>For an operation of conditional steps (a failover after a rotation's Job), how many of its targets run; null for others.</summary>
    public FollowUpRuns? FollowUp { get; init; }
}

/// <summary>How many of a follow-up's candidates run: in the expected schedule (0 when every source succeeds) and in the pessimistic one (all).</summary>
public sealed record FollowUpRuns(int Expected, int Pessimistic, int Candidates);

/// <summary>A stretch of the critical path spent in one operation.</summary>
public sealed record CriticalPathPart(string Operation, int Steps, TimeSpan Duration, string FirstStep, string LastStep);

/// <summary>
/// Whether the expected run fits the windows. <see cref="Slack"/> is the time left in the window the run finishes in
/// (negative past the last window). <see cref="FitsWith"/> names the smallest concurrency that would fit, when it does not.
/// </summary>
public sealed record WindowFit(bool Fits, TimeSpan Slack, int FinishesInWindow, bool StartsAfterCutoff, ConcurrencyFix? FitsWith, bool PessimisticFits);

/// <summary>The concurrency an operation would need for the plan to fit (null concurrency: none would).</summary>
public sealed record ConcurrencyFix(string Operation, int Current, int? Needed);

/// <summary>Impact over the expected schedule.</summary>
public sealed record ImpactSummary(TimeSpan TotalDowntime, int MaxTargetsDownAtOnce, int MaxNodesInMaintenanceAtOnce, int TargetsWithDowntime);
