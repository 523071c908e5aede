using System.Collections.Immutable;
using System.Globalization;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Graph;
using Planner.Model;

namespace Planner.Operations;

/// <summary>
/// What an expander works with (the operation, its cluster, the graph) and what it fills in (targets, skips,
/// settings, steps). The helpers record every effective setting, so defaults are always shown in the plan.
/// </summary>
internal sealed class OperationContext(
    int index,
    OperationSpec spec,
    ClusterInventory cluster,
    DateTimeOffset referenceTime,
    GraphBuilder graph,
    DiagnosticBag diagnostics,
    IReadOnlyList<ExpandedOperation>? upstream = null)
{
    public int Index { get; } = index;

    public OperationSpec Spec { get; } = spec;

    public ClusterInventory Cluster { get; } = cluster;

    /// <summary>When the first window opens: "now" for expiry checks, so planning never reads the wall clock.</summary>
    public DateTimeOffset ReferenceTime { get; } = referenceTime;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public GraphBuilder Graph { get; } = graph;

    /// <summary>The operations this one needs, directly or through their needs, already expanded (in expansion order).</summary>
    public IReadOnlyList<ExpandedOperation> Upstream { get; } = upstream ?? [];

    /// <summary>The step every root step of this operation depends on (its start milestone or approval gate).</summary>
    public int Entry { get; set; }

    public List<int> Sinks { get; } = [];

    public List<TargetRef> Targets { get; } = [];

    public List<SkippedTarget> Skipped { get; } = [];

    public List<Setting> Settings { get; } = [];

    public List<string> Notes { get; } = [];

    public List<ReviewTable> Tables { get; } = [];

    public FailurePolicy Policy { get; set; } = FailurePolicy.ContinueAlways;

    public int Concurrency { get; set; } = 1;

    public TimeSpan PerTarget { get; set; }

    public SourceLocation Where => Spec.Source;

    // Whether select named something the cluster lacks: that already explains an empty selection.
    private bool _selectionHasUnknown;

    /// <summary>Records a setting and returns the effective value: the plan's when given, else the default.</summary>
    public T Use<T>(string name, T? planValue, T defaultValue, string? origin = null, Func<T, string>? format = null)
        where T : struct
    {
        var value = planValue ?? defaultValue;
        Settings.Add(new Setting(name, format?.Invoke(value) ?? Format(value), planValue is null, planValue is null ? origin : null));
        return value;
    }

    public string Use(string name, string? planValue, string defaultValue, string? origin = null)
    {
        Settings.Add(new Setting(name, planValue ?? defaultValue, planValue is null, planValue is null ? origin : null));
        return planValue ?? defaultValue;
    }

    public int UseConcurrency(int defaultValue, string? origin) =>
        Concurrency = Use("concurrency", Spec.Concurrency?.Value, defaultValue, origin);

    /// <summary>Resolves duration and retry from the plan, falling back to the kind's defaults, and records them.</summary>
    /// <param name="defaults">The kind's timing.</param>
    /// <param name="origin">Where the defaults come from.</param>
    /// <param name="retryOrigin">Where the retry defaults come from, when not <paramref name="origin"/>.</param>
    /// <param name="expectedOrigin">Where the expected time comes from, when not <paramref name="origin"/> (a figure of <see cref="ProcedureFigures"/>).</param>
    public StepTiming UseTiming(StepTiming defaults, string? origin, string? retryOrigin = null, string? expectedOrigin = null)
    {
        var expected = Use("duration.expected", Spec.Duration?.Expected, defaults.Expected, expectedOrigin ?? origin, DurationText.Format);
        var max = Use("duration.max", Spec.Duration?.Max, defaults.Max, origin, DurationText.Format);
        retryOrigin ??= origin;
        if (max > TimeSpan.Zero && max < expected)
        {
            Diagnostics.Error(DiagnosticCodes.ImpossibleValue, Spec.Duration?.Source ?? Where,
                $"duration.max ({DurationText.Format(max)}) is shorter than duration.expected ({DurationText.Format(expected)})",
                "max is the per-attempt timeout: make it at least the expected duration");
        }

        var attempts = Use("retry.attempts", Spec.Retry?.Attempts, defaults.Attempts, retryOrigin);
        var delay = Use("retry.delay", Spec.Retry?.Delay, defaults.RetryDelay, retryOrigin, DurationText.Format);
        var backoff = Use("retry.backoff", Spec.Retry?.Backoff, defaults.Backoff, retryOrigin);
        CheckRetryWaits(attempts, delay, backoff);
        return new StepTiming(expected, max, attempts, delay, backoff);
    }

    // The wait before the last attempt is delay × backoff^(attempts−2): 100 attempts with backoff 3 would wait for ages,
    // and the scheduler's clock would overflow long before. Every wait must be a duration mplan takes.
    private void CheckRetryWaits(int attempts, TimeSpan delay, double backoff)
    {
        var longest = attempts < 2 ? 0 : delay.TotalMilliseconds * Math.Pow(backoff, attempts - 2);
        if (longest > DurationText.Longest.TotalMilliseconds)
        {
            var days = longest / TimeSpan.FromDays(1).TotalMilliseconds;
            Diagnostics.Error(DiagnosticCodes.ImpossibleValue, Spec.Retry?.Source ?? Where,
                string.Create(CultureInfo.InvariantCulture,
                    $"the wait before attempt {attempts} would be {(days < 1e6 ? days.ToString("#,0", CultureInfo.InvariantCulture) : days.ToString("0.#e+0", CultureInfo.InvariantCulture))} days ({DurationText.Format(delay)} × {backoff}^{attempts - 2}); no wait may exceed {DurationText.Format(DurationText.Longest)}"),
                "lower retry.attempts, retry.delay or retry.backoff");
        }
    }

    /// <summary>Resolves the failure policy from the plan over the kind's default, and records it.</summary>
    public FailurePolicy UsePolicy(FailurePolicy defaults, string? origin)
    {
        var spec = Spec.FailurePolicy;
        var fromPlan = spec is not null && (spec.MaxCount is not null || spec.MaxPercent is not null);
        var policy = new FailurePolicy(
            fromPlan ? spec!.MaxCount : defaults.MaxCount,
            fromPlan ? spec!.MaxPercent : defaults.MaxPercent,
            spec?.Reached ?? defaults.Reached,
            spec?.OnExceeded ?? defaults.Action);
        Settings.Add(new Setting("failurePolicy", policy.Describe(), spec is null, spec is null ? origin : null));
        return Policy = policy;
    }

    /// <summary>The pool whose capacity is <see cref="Concurrency"/>, when changing it changes the schedule; -1 otherwise.</summary>
    public int ConcurrencyPool { get; private set; } = -1;

    public int AddPool(string name, int capacity) => Graph.AddPool($"{Spec.Id}/{name}", capacity);

    /// <summary>Adds the pool of <see cref="Concurrency"/> slots; <paramref name="adjustable"/> when more slots would shorten the run.</summary>
    public int AddConcurrencyPool(string name, bool adjustable = true)
    {
        var pool = AddPool(name, Concurrency);
        ConcurrencyPool = adjustable ? pool : -1;
        return pool;
    }

    /// <summary>
    /// Adds a single-step action on the whole operation (no target), depending on the entry step or on
    /// <paramref name="dependencies"/>. An operation of several such steps names each with a <paramref name="key"/>
    /// (its id becomes <c>operation/key</c>; reserve the keys first with <see cref="ReserveStepKeys"/>).
    /// </summary>
    public int AddSingle(string action, StepTiming timing, StepKind kind = StepKind.Action, string? detail = null, string? key = null, int[]? dependencies = null)
    {
        var index = Graph.Add(new Step
        {
            Index = Graph.Count,
            Id = key is null ? Spec.Id : $"{Spec.Id}/{key}",
            Operation = Index,
            Kind = kind,
            Action = action,
            Expected = timing.Expected,
            Max = timing.Max,
            Attempts = timing.Attempts,
            RetryDelay = timing.RetryDelay,
            Backoff = timing.Backoff,
            Detail = detail,
            Dependencies = dependencies ?? [Entry],
        });
        Sinks.Add(index);
        PerTarget = timing.Expected;
        return index;
    }

    // Step ids must be unique (journal, resume, trace); Octavia's names need not be. A repeated or empty name gets the id.
    private readonly HashSet<string> _stepKeys = new(StringComparer.Ordinal);
    private bool _stepKeysSized;

    /// <summary>Keeps step keys of operation-wide steps from targets of the same name (which then get <c>name@id</c>).</summary>
    public void ReserveStepKeys(params string[] keys) => _stepKeys.UnionWith(keys);

    /// <summary>Adds a zero-length join of <paramref name="dependencies"/> inside the operation (<c>operation:name</c>): it completes when they all finished, failed ones included.</summary>
    public int AddMilestone(string name, int[] dependencies) => Graph.Add(new Step
    {
        Index = Graph.Count,
        Id = $"{Spec.Id}:{name}",
        Operation = Index,
        Kind = StepKind.Milestone,
        Action = "milestone",
        Dependencies = dependencies,
    });

    private string StepKey(TargetRef target) =>
        target.Name.Length > 0 && !target.Name.Contains('/', StringComparison.Ordinal) && _stepKeys.Add(target.Name)
            ? target.Name
            : _stepKeys.Add($"{target.Name}@{target.Id}") ? $"{target.Name}@{target.Id}" : target.Id;

    /// <summary>
    /// Adds a target's chain of steps (one or more), holding one slot of <paramref name="pool"/> from the first step
    /// to the last. Returns the chain's last step. With <paramref name="runsIfFailed"/> (a step index) the chain is a
    /// follow-up: it runs only if that step failed (<see cref="Step.RunsIfFailed"/>).
    /// </summary>
    public int AddChain(TargetRef target, int pool, IReadOnlyList<ChainLink> links, int[] dependencies, bool nodeMaintenance = false, int runsIfFailed = -1)
    {
        SizeStepKeys(1);
        var steps = new Step[links.Count];
        var last = MakeChain(steps, Graph.Count, Graph.Count, target, StepKey(target), pool, links, dependencies, nodeMaintenance, runsIfFailed);
        Graph.AddRange(steps);
        return last;
    }

    /// <summary>
    /// Adds a chain (as <see cref="AddChain"/>) for each of <paramref name="targets"/>: target i's links are
    /// <paramref name="linksOf"/>(i), and it follows up step <paramref name="runsIfFailed"/>[i] when that list is
    /// given (-1: not a follow-up). Returns each chain's last step, in the targets' order.
    /// </summary>
    /// <remarks>
    /// The keys are chosen in the targets' order, and the steps' indices are fixed before any is made; the steps
    /// themselves are made on every core. A 100k-LB plan's two operations make 200,000 of them: made on both cores, the
    /// framework-dependent build plans it in 1.14 s rather than 1.27; the installed (precompiled) build, where making
    /// them is bound by allocation, saves a few milliseconds (bench/README.md).
    /// </remarks>
    public int[] AddChains(IReadOnlyList<TargetRef> targets, int pool, Func<int, IReadOnlyList<ChainLink>> linksOf, int[] dependencies,
        bool nodeMaintenance = false, IReadOnlyList<int>? runsIfFailed = null)
    {
        SizeStepKeys(targets.Count);
        var count = targets.Count;
        var keys = new string[count];
        var links = new IReadOnlyList<ChainLink>[count];
        var firsts = new int[count + 1];
        firsts[0] = Graph.Count;
        for (var i = 0; i < count; i++)
        {
            keys[i] = StepKey(targets[i]);
            links[i] = linksOf(i);
            firsts[i + 1] = firsts[i] + links[i].Count;
        }

        var steps = new Step[firsts[count] - firsts[0]];
        var ends = new int[count];
        ParallelRanges.For(count, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                ends[i] = MakeChain(steps, firsts[i], firsts[0], targets[i], keys[i], pool, links[i], dependencies, nodeMaintenance, runsIfFailed?[i] ?? -1);
            }
        });
        Graph.AddRange(steps);
        return ends;
    }

    // Sized at the first chain for the targets selected so far (usually all), rather than grown and rehashed.
    private void SizeStepKeys(int adding)
    {
        if (!_stepKeysSized)
        {
            _stepKeys.EnsureCapacity(_stepKeys.Count + Math.Max(Targets.Count, adding));
            _stepKeysSized = true;
        }
    }

    // Makes one chain's steps, at indices first and on, into steps (whose element 0 is index origin); returns the last one's index.
    private int MakeChain(Step[] steps, int first, int origin, TargetRef target, string key, int pool, IReadOnlyList<ChainLink> links, int[] dependencies,
        bool nodeMaintenance, int runsIfFailed)
    {
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            var index = first + i;
            steps[index - origin] = new Step
            {
                Index = index,
                IdParts = (Spec.Id, key, links.Count == 1 ? null : link.Action),
                Operation = Index,
                Kind = link.Kind,
                Action = link.Action,
                TargetId = target.Id,
                TargetName = target.Name,
                Expected = link.Timing.Expected,
                Max = link.Timing.Max,
                Attempts = link.Timing.Attempts,
                RetryDelay = link.Timing.RetryDelay,
                Backoff = link.Timing.Backoff,
                Pool = pool,
                Acquires = i == 0 && pool >= 0,
                Releases = i == links.Count - 1 && pool >= 0,
                SlotHolder = pool >= 0 ? first : -1,
                Downtime = link.Downtime,
                NodeMaintenance = nodeMaintenance,
                Detail = link.Detail,
                Dependencies = i == 0 ? dependencies : [index - 1],
                RunsIfFailed = i == 0 ? runsIfFailed : -1,
                OutsidePolicy = link.OutsidePolicy,
            };
        }

        return first + links.Count - 1;
    }

    /// <summary>
    /// Reports ids or names in select/exclude lists that the inventory does not have. An unknown name in a list that
    /// narrows the selection (not exclude) also explains an empty selection, which is then not reported again.
    /// <paramref name="knownValues"/> is only called when there is something to check (a set of 200,000 LB ids and
    /// names is not free).
    /// </summary>
    public void CheckKnown(IEnumerable<Located<string>> references, Func<IReadOnlyCollection<string>> knownValues, string what, bool narrowsSelection = true)
    {
        IReadOnlyCollection<string>? known = null;
        foreach (var reference in references)
        {
            known ??= knownValues();
            if (!known.Contains(reference.Value))
            {
                var suggestion = Suggestions.Closest(reference.Value, known);
                ReportUnknownTarget(reference.Source,
                    $"{what} {DiagnosticText.Quote(reference.Value)} is not in cluster '{Cluster.Name}' ({Cluster.SourceFile})",
                    suggestion is null ? "check the name against the cluster file, or refresh the inventory" : $"did you mean '{suggestion}'?",
                    narrowsSelection);
            }
        }
    }

    /// <summary>Reports a reference to something the cluster does not have (MP209).</summary>
    public void ReportUnknownTarget(SourceLocation where, string message, string hint, bool narrowsSelection = true)
    {
        Diagnostics.Error(DiagnosticCodes.UnknownTarget, where, message, hint);
        _selectionHasUnknown |= narrowsSelection;
    }

    /// <summary>Reports an operation that selected nothing: almost always a mistake in select (unless already explained).</summary>
    public void RequireTargets(string what)
    {
        if (Targets.Count == 0 && !_selectionHasUnknown)
        {
            var reasons = Skipped.GroupBy(s => s.Reason).OrderByDescending(g => g.Count()).Take(3)
                .Select(g => $"{g.Count()} {g.Key}");
            Diagnostics.Error(DiagnosticCodes.EmptySelection, Spec.Select?.Location ?? Where,
                $"operation '{Spec.Id}' selects no {what} in cluster '{Cluster.Name}'" +
                (Skipped.Count > 0 ? $" (skipped: {string.Join("; ", reasons)})" : ""),
                "widen select, or remove the operation if there is nothing to do");
        }
    }

    private static string Format<T>(T value) => value switch
    {
        TimeSpan span => DurationText.Format(span),
        bool flag => flag ? "true" : "false",
        double number => number.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}

/// <summary>One step of a target's chain; with <c>OutsidePolicy</c> its failure does not count toward the operation's failure policy (<see cref="Step.OutsidePolicy"/>).</summary>
internal sealed record ChainLink(string Action, StepTiming Timing, StepKind Kind = StepKind.Action, TimeSpan Downtime = default, string? Detail = null,
    bool OutsidePolicy = false);
