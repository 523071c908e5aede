namespace Planner.Diagnostics;

/// <summary>
/// Stable diagnostic codes. MP0xx: reading files; MP1xx: schema; MP2xx: plan semantics;
/// MP3xx: cluster inventories. A code never changes meaning once released.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>A malformed command-line argument, reported in the document of <c>validate --format json|sarif</c>.</summary>
    public const string CommandLine = "MP000";
    public const string EmptyFile = "MP001";
    public const string NotText = "MP002";
    public const string FileTooLarge = "MP003";
    public const string InvalidYaml = "MP004";
    public const string DuplicateKey = "MP005";
    public const string TooDeep = "MP006";
    public const string TooManyAliases = "MP007";
    public const string MultipleDocuments = "MP008";
    public const string FileUnreadable = "MP009";

    public const string WrongType = "MP101";
    public const string MissingProperty = "MP102";
    public const string UnknownProperty = "MP103";
    public const string ValueNotAllowed = "MP104";
    public const string BadFormat = "MP105";
    public const string OutOfRange = "MP106";
    public const string NotUnique = "MP107";
    public const string NoAlternativeMatches = "MP108";

    public const string DuplicateId = "MP201";
    public const string UnknownNeeds = "MP202";
    public const string Cycle = "MP203";
    public const string UnknownCluster = "MP204";
    public const string EmptySelection = "MP205";
    public const string ImpossibleValue = "MP206";
    public const string WindowProblem = "MP207";
    public const string ClusterRequired = "MP208";
    public const string UnknownTarget = "MP209";
    public const string IncompatibleOptions = "MP210";
    public const string PreflightFinding = "MP211";
    public const string ExpiryTooSoon = "MP212";
    public const string SyncStatusUnknown = "MP215";
    public const string WrongKind = "MP216";
    public const string OneStrategyAtATime = "MP217";

    // Rockoon's failover Job and its follow-ups.
    public const string DoubleFailover = "MP220";
    public const string NotControllable = "MP221";
    public const string AfterRotationUnreachable = "MP222";
    public const string NotNeededSinceRelease = "MP223";

    // Rate control: budgets, ramp-up and canaries no schedule can honour.
    public const string UnsatisfiableBudget = "MP230";

    public const string DuplicateObject = "MP301";

    // MP4xx: saved plans and runs.
    public const string SavedPlanInvalid = "MP401";
    public const string SavedPlanStale = "MP402";

    // MP5xx: the simulator's behaviour section.
    public const string BehaviourImpossible = "MP501";
    public const string BehaviourUnknownTarget = "MP502";
}
