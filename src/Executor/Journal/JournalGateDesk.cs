using Executor.Apply;

namespace Executor.Journal;

/// <summary>The journal as the run's gate desk: <c>mplan approve</c> writes approvals into it from any process.</summary>
public sealed class JournalGateDesk(RunJournal journal) : IGateDesk
{
    public IReadOnlyList<GateAnswer> Answers(IReadOnlyCollection<string> gateIds) =>
        [.. journal.ApprovalsFor(gateIds).Select(a => new GateAnswer(a.GateId, a.ApprovedBy, a.Comment))];

    public IReadOnlyList<(string Gate, string Operation, string Message)> PausesStillWaiting() =>
        [.. journal.Gates().Where(g => g.State == JournalGates.Waiting && g.StepId is null).Select(g => (g.GateId, g.Operation, g.Message))];
}
