namespace Planner.Reports;

/// <summary>Targets per status; they add up to the operation's targets plus the ones its selection skipped.</summary>
public sealed record StatusCounts(int Success, int Failed, int RecoveryFailed, int Skipped, int Cancelled)
{
    public int Total => Success + Failed + RecoveryFailed + Skipped + Cancelled;
}
