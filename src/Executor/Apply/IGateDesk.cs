namespace Executor.Apply;

/// <summary>
/// Where a run's gates are answered: the journal, which <c>mplan approve</c> writes from any process (a test's memory
/// otherwise). The runner polls it while a gate waits; it never reads the operator's terminal.
/// </summary>
public interface IGateDesk
{
    /// <summary>The approvals recorded for any of <paramref name="gateIds"/>.</summary>
    IReadOnlyList<GateAnswer> Answers(IReadOnlyCollection<string> gateIds);

    /// <summary>The failure-policy pauses an earlier run left waiting (resume restores them): gate id, operation id, message.</summary>
    IReadOnlyList<(string Gate, string Operation, string Message)> PausesStillWaiting();
}

/// <summary>An operator's answer to a gate: who approved, and why.</summary>
public sealed record GateAnswer(string Gate, string By, string? Comment);
