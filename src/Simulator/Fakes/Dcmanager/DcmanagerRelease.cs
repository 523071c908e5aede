namespace Simulator.Fakes.Dcmanager;

/// <summary>
/// The StarlingX releases the fake behaves as (CONTRACTS §3): 10.0 (one orchestrator thread per type, shorter error
/// texts, <c>force</c> only as a string, <c>stop-on-failure</c> waits for in-flight steps), 11.0 (manager and workers:
/// <c>failed</c> at once) and 12.0 (no <c>cert-file</c>, no pre-check or upload states).
/// </summary>
public sealed record DcmanagerRelease(string Name)
{
    public static readonly DcmanagerRelease V10 = new("10.0");
    public static readonly DcmanagerRelease V11 = new("11.0");
    public static readonly DcmanagerRelease V12 = new("12.0");

    /// <summary>Every release the fake knows, oldest first.</summary>
    public static IReadOnlyList<DcmanagerRelease> All { get; } = [V10, V11, V12];

    /// <summary>The release named <paramref name="name"/> (e.g. <c>11.0</c>), or null.</summary>
    /// <param name="name">The release name.</param>
    public static DcmanagerRelease? Find(string? name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>Whether <c>cert-file</c> is read (removed in 12.0, where the key is silently ignored).</summary>
    public bool HasCertFile => this != V12;

    /// <summary>10.0 keeps the strategy applying until in-flight steps end; 11.0 and later mark it failed at once.</summary>
    public bool FailsAtOnce => this != V10;

    /// <summary>10.0's API checks have shorter texts.</summary>
    public bool ShortTexts => this == V10;

    /// <summary>10.0 rejects a JSON boolean <c>force</c>; later releases accept it and ignore it.</summary>
    public bool ForceMustBeString => this == V10;

    /// <summary>
    /// The states a step goes through after <c>initial</c>, with the share of its time each takes; <c>cert-file</c>
    /// adds the start and upload states before 12.0.
    /// </summary>
    /// <param name="certFile">The strategy's extra args carry a cert-file.</param>
    public IReadOnlyList<(string State, double Share)> Phases(bool certFile)
    {
        if (this == V12)
        {
            return [(StepStates.Creating, 0.25), (StepStates.Applying, 0.75)];
        }

        return certFile
            ? [(StepStates.PreCheck, 0.05), (StepStates.Start, 0.05), (StepStates.UploadCert, 0.05), (StepStates.Creating, 0.2), (StepStates.Applying, 0.65)]
            : [(StepStates.PreCheck, 0.05), (StepStates.Creating, 0.2), (StepStates.Applying, 0.75)];
    }
}

/// <summary>dcmanager's strategy-step states for kube-rootca-update (<c>common/consts.py</c>).</summary>
public static class StepStates
{
    public const string Initial = "initial";
    public const string PreCheck = "kube rootca update pre check";
    public const string Start = "kube rootca update start";
    public const string UploadCert = "kube rootca update upload cert";
    public const string Creating = "creating vim kube rootca update strategy";
    public const string Applying = "applying vim kube rootca update strategy";
    public const string Complete = "complete";
    public const string Failed = "failed";
    public const string Aborted = "aborted";

    /// <summary>Only these end a step; any other state is in progress.</summary>
    public static bool IsFinal(string state) => state is Complete or Failed or Aborted;
}

/// <summary>dcmanager's strategy states (<c>SW_UPDATE_STATE_*</c>).</summary>
public static class StrategyStates
{
    public const string Initial = "initial";
    public const string Applying = "applying";
    public const string AbortRequested = "abort requested";
    public const string Aborting = "aborting";
    public const string Complete = "complete";
    public const string Aborted = "aborted";
    public const string Failed = "failed";
    public const string Deleting = "deleting";
}
