namespace Cli;

/// <summary>mplan's exit codes, a contract for scripts and CI. Never negative.</summary>
internal static class ExitCodes
{
    /// <summary>Valid, planned, simulated within policy, applied.</summary>
    public const int Success = 0;

    /// <summary>Invalid input, a failed step, or an unexpected error.</summary>
    public const int Failed = 1;

    /// <summary>Only with --detailed-exitcode: the plan does not fit its window (or a simulation broke a policy).</summary>
    public const int Findings = 2;

    /// <summary>An operator must act: a gate, a pause, a stale saved plan, an in-doubt step.</summary>
    public const int NeedsOperator = 3;

    /// <summary>A bug in mplan: an exception nothing handled (sysexits' EX_SOFTWARE). Bad input is never this.</summary>
    public const int InternalError = 70;
}
