using System.Collections.Immutable;
using System.Globalization;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Graph;
using Planner.Model;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>dcmanager.kube-rootca-update</c>: a kube-rootca-update strategy over subclouds, with dcmanager's rules:
/// eligible subclouds are managed, online and out-of-sync (in-sync too with force); max parallel 2 and
/// stop-on-failure false by default (dcmanager's code; its docs say 20 and true); a group brings its own apply
/// type and max parallel and cannot be combined with names or those options; an online subcloud with unknown
/// sync status refuses the strategy; the expiry date must leave more than 24 hours. Sliding-window
/// orchestration by default (dcmanager since 2023), with the older stage-by-stage mode available.
/// </summary>
public sealed class KubeRootcaUpdateKind() : OperationKind("dcmanager.kube-rootca-update", needsCluster: true, withSchema: "kubeRootcaWith", selectSchema: "subcloudSelect",
    actions: ["update"])
{
    private const string Dcmanager = "dcmanager";

    internal override Reports.KindReport Report(Reports.ReportInput input) => StrategyReportBuilder.Of(input);

    internal override void Expand(OperationContext context)
    {
        var select = context.Spec.Select;
        var with = context.Spec.With;
        var group = LocatedString(select, "group");
        var names = Strings(select, "subclouds");
        if (group is not null)
        {
            foreach (var (key, map) in new[] { ("subclouds", select), ("subcloudApplyType", with), ("maxParallelSubclouds", with) })
            {
                if (map?.KeyOf(key) is { } conflicting)
                {
                    context.Diagnostics.Error(DiagnosticCodes.IncompatibleOptions, conflicting.Location,
                        $"select.group cannot be combined with {key} (dcmanager refuses --group with a cloud name, --subcloud-apply-type or --max-parallel-subclouds)",
                        "the group's own apply type and max parallel subclouds apply: remove one of the two");
                }
            }
        }

        var subclouds = context.Cluster.Subclouds;
        var known = new Lazy<HashSet<string>>(() => subclouds.Select(s => s.Name).ToHashSet(StringComparer.Ordinal));
        context.CheckKnown(names, () => known.Value, "subcloud");
        context.CheckKnown(context.Spec.Exclude, () => known.Value, "subcloud", narrowsSelection: false);
        var groupInfo = group is null ? null : FindGroup(context, group.Value.Value);
        var force = context.Use("select.force", Bool(select, "force"), false, Dcmanager);
        var statuses = StringValues(select, "syncStatus");
        var wanted = statuses.IsEmpty ? (force ? ["out-of-sync", "in-sync"] : ImmutableArray.Create("out-of-sync")) : statuses;
        context.Settings.Add(new Setting("select.syncStatus", string.Join(", ", wanted), statuses.IsEmpty, statuses.IsEmpty ? Dcmanager : null));
        var expiresWithin = Duration(select, "rootCaExpiresWithin");
        DateTimeOffset? expiryLimit = expiresWithin is null ? null : context.ReferenceTime + expiresWithin.Value;
        if (expiresWithin is not null)
        {
            context.Settings.Add(new Setting("select.rootCaExpiresWithin", DurationText.Format(expiresWithin.Value), false));
        }

        Select(context, subclouds, wanted, group?.Value, names.Select(n => n.Value).ToHashSet(StringComparer.Ordinal), expiryLimit);
        if (expiryLimit is not null)
        {
            var chosen = context.Targets.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            context.Tables.Add(Certificates.ExpiryTable.Build(
                subclouds.Where(s => chosen.Contains(s.Name) && s.RootCaExpiry is not null)
                    .Select(s => Certificates.CertificateSources.OfSubcloud(s, context.Cluster.SourceFile)),
                context.ReferenceTime));
            if (context.Targets.Count > 0)
            {
                context.Notes.Add("Subclouds selected by root CA expiry are updated even if dcmanager still reports them in-sync (the strategy is created with --force).");
            }
        }
        CheckUnknownSync(context, subclouds, group?.Value, names);
        if (names.Length == 1 && !force && context.Targets.Count == 0 &&
            subclouds.FirstOrDefault(s => s.Name == names[0].Value) is { KubeRootcaSync: "in-sync" })
        {
            context.Diagnostics.Error(DiagnosticCodes.EmptySelection, names[0].Source,
                $"subcloud {names[0].Value} does not require kube-rootca update (it is in-sync)", "set select.force: true to update it anyway");
        }
        else
        {
            context.RequireTargets("subclouds (dcmanager: \"Strategy has no steps to apply\")");
        }

        var perSubcloud = StrategyScope(context, names.Length, expiryLimit is not null, group is not null);
        var applyType = context.Use("subcloudApplyType", String(with, "subcloudApplyType"), groupInfo?.ApplyType ?? "parallel", groupInfo is null ? Dcmanager : $"group {groupInfo.Name}");
        var maxParallel = context.Use("maxParallelSubclouds", Int(with, "maxParallelSubclouds"), groupInfo?.MaxParallelSubclouds ?? 2,
            groupInfo is null ? "dcmanager code (its docs say 20)" : $"group {groupInfo.Name}");
        var parallel = applyType == "serial" || perSubcloud ? 1 : maxParallel;
        context.Concurrency = parallel;
        var stopOnFailure = context.Use("stopOnFailure", Bool(with, "stopOnFailure"), false, "dcmanager code (its docs say true)");
        CheckExpiry(context, with);
        CheckRelease(context, with);
        if (Map(with, "subject") is { } subject)
        {
            context.Settings.Add(new Setting("subject", PkiKind.SubjectText(subject, ""), false));
        }

        var mode = context.Use("orchestration", String(with, "orchestration"), "sliding-window", "dcmanager since 2023");
        var figure = ProcedureFigures.SubcloudRootCaUpdate;
        var timing = context.UseTiming(StepTiming.Once(figure.Expected, ProcedureFigures.SubcloudTimeout),
            "dcmanager's 30 min build + 2 h apply timeouts", "dcmanager does not retry a failed subcloud", figure.ExpectedOrigin);
        if (stopOnFailure && context.Spec.FailurePolicy is not null)
        {
            context.Diagnostics.Error(DiagnosticCodes.IncompatibleOptions, context.Spec.FailurePolicy.Source,
                "with.stopOnFailure and failurePolicy both say what to do on failure", "keep one: stopOnFailure is failurePolicy {maxErrors: 0, onExceeded: stop}");
        }

        context.UsePolicy(stopOnFailure ? new FailurePolicy(0, null, false, PolicyAction.Stop) : FailurePolicy.ContinueAlways, Dcmanager);
        AddSteps(context, timing, parallel, mode == "stages");
    }

    // dcmanager's cloud_name is one subcloud, and a strategy cannot exclude any: a selection dcmanager cannot make in one
    // strategy (several names, exclusions, expiry-based) is one strategy per subcloud, in turn.
    private static bool StrategyScope(OperationContext context, int names, bool byExpiry, bool group)
    {
        var perSubcloud = names > 1 || !context.Spec.Exclude.IsEmpty || byExpiry;
        var scope = perSubcloud ? "per-subcloud" : names == 1 ? "one subcloud (cloud_name)" : group ? "group (subcloud_group)" : "all eligible subclouds";
        context.Settings.Add(new Setting("strategy", scope, true, "dcmanager"));
        if (perSubcloud)
        {
            context.Notes.Add("dcmanager's cloud_name is a single subcloud and a strategy cannot exclude any: this selection runs as one strategy per subcloud, " +
                "one after another (dcmanager holds one strategy at a time). To update them in parallel, put them in a subcloud group and select.group it.");
        }

        return perSubcloud;
    }

    private static void CheckRelease(OperationContext context, YMapping? with)
    {
        var release = context.Use("release", String(with, "release"), "12.0", "the newest StarlingX release");
        context.Use("deleteWhenDone", Bool(with, "deleteWhenDone")?.ToString().ToLowerInvariant(), "true", "mplan: the next strategy needs it gone");
        if (with?.KeyOf("certFile") is not { } certFile)
        {
            return;
        }

        if (release == "12.0")
        {
            context.Diagnostics.Error(DiagnosticCodes.IncompatibleOptions, certFile.Location,
                "with.certFile is not an option of StarlingX 12.0: dcmanager removed the kube-rootca cert upload (it would ignore the file)",
                "use expiryDate and subject (dcmanager generates the root CA), or set with.release to 11.0 or 10.0 if the system controller runs one");
        }

        foreach (var key in new[] { "expiryDate", "subject" })
        {
            if (with.KeyOf(key) is { } other)
            {
                context.Diagnostics.Error(DiagnosticCodes.IncompatibleOptions, other.Location,
                    $"with.certFile and with.{key} cannot be combined: dcmanager takes either an uploaded certificate or the expiry date and subject of one it generates",
                    $"remove with.{key}, or with.certFile");
            }
        }
    }

    private static SubcloudGroup? FindGroup(OperationContext context, string name)
    {
        var group = context.Cluster.SubcloudGroups.FirstOrDefault(g => g.Name == name);
        if (group is null && name == "Default")
        {
            return new SubcloudGroup("Default", "parallel", 2);
        }

        if (group is null && context.Cluster.Subclouds.All(s => s.Group != name))
        {
            var groups = context.Cluster.SubcloudGroups.Select(g => g.Name).Concat(context.Cluster.Subclouds.Select(s => s.Group)).Distinct().ToList();
            var suggestion = Suggestions.Closest(name, groups);
            context.ReportUnknownTarget(context.Spec.Select!["group"]!.Location,
                $"subcloud group {DiagnosticText.Quote(name)} is not in cluster '{context.Cluster.Name}' ({context.Cluster.SourceFile})",
                suggestion is not null ? $"did you mean '{suggestion}'?" : $"the cluster's groups are: {string.Join(", ", groups)}");
        }

        return group ?? new SubcloudGroup(name, "parallel", 2);
    }

    private static void Select(OperationContext context, ImmutableArray<Subcloud> subclouds, ImmutableArray<string> wanted, string? group,
        HashSet<string> names, DateTimeOffset? expiryLimit)
    {
        var excluded = context.Spec.Exclude.Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var subcloud in subclouds)
        {
            string? reason = subcloud switch
            {
                _ when excluded.Contains(subcloud.Name) => "excluded by the plan",
                _ when names.Count > 0 && !names.Contains(subcloud.Name) => "not named in select.subclouds",
                _ when group is not null && subcloud.Group != group => $"not in group {group}",
                { Management: not "managed" } => "unmanaged",
                { Availability: not "online" } => "offline",
                _ when expiryLimit is { } limit && subcloud.RootCaExpiry is null => "root CA expiry unknown",
                _ when expiryLimit is { } limit && subcloud.RootCaExpiry > limit => "root CA valid beyond rootCaExpiresWithin",
                _ when expiryLimit is null && !wanted.Contains(subcloud.KubeRootcaSync) => $"kube-rootca {subcloud.KubeRootcaSync}",
                _ => null,
            };
            if (reason is null)
            {
                context.Targets.Add(new TargetRef(subcloud.Name, subcloud.Name));
            }
            else
            {
                context.Skipped.Add(new SkippedTarget(subcloud.Name, subcloud.Name, reason));
            }
        }
    }

    private static void CheckUnknownSync(OperationContext context, ImmutableArray<Subcloud> subclouds, string? group, ImmutableArray<Located<string>> names)
    {
        var unknown = subclouds
            .Where(s => s is { Availability: "online", Management: "managed", KubeRootcaSync: "unknown" })
            .Where(s => (group is null || s.Group == group) && (names.IsEmpty || names.Any(n => n.Value == s.Name)))
            .Select(s => s.Name)
            .ToList();
        if (unknown.Count > 0)
        {
            context.Diagnostics.Error(DiagnosticCodes.SyncStatusUnknown, context.Spec.Select?.Location ?? context.Spec.IdSource,
                $"kube-rootca sync status is unknown for {unknown.Count} online subcloud(s): {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? ", ..." : "")}",
                "dcmanager refuses the strategy until the audit has run: refresh the inventory, or exclude those subclouds");
        }
    }

    private static void CheckExpiry(OperationContext context, YMapping? with)
    {
        if (String(with, "expiryDate") is not { } text ||
            !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return;
        }

        context.Settings.Add(new Setting("expiryDate", text, false));
        var expiry = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (expiry - context.ReferenceTime <= TimeSpan.FromHours(24))
        {
            context.Diagnostics.Error(DiagnosticCodes.ExpiryTooSoon, with!["expiryDate"]!.Location,
                $"expiry date {text} leaves {(expiry - context.ReferenceTime).TotalHours:0.#} hours after the window opens; the new root CA needs more than 24 hours",
                "choose a later expiry date (dcmanager: \"at least 24 hours of validation before expiry\")");
        }
    }

    // Sliding window: one pool of maxParallel. Stages: batches of maxParallel, each waiting for the previous batch.
    private static void AddSteps(OperationContext context, StepTiming timing, int parallel, bool stages)
    {
        // In stages the batches are fixed at planning time, so more slots would not shorten the run.
        var pool = context.AddConcurrencyPool("subclouds", adjustable: !stages);
        context.PerTarget = timing.Expected;
        int[] entry = [context.Entry];
        var link = new ChainLink("update", timing, Detail: "create and apply the VIM kube-rootca-update strategy");
        if (!stages)
        {
            foreach (var target in context.Targets)
            {
                context.Sinks.Add(context.AddChain(target, pool, [link], entry));
            }

            return;
        }

        if (context.Targets.Count > 1 && parallel > 1)
        {
            context.Notes.Add($"orchestration: stages: each stage lasts as long as its slowest subcloud; the estimate takes {SlowestOfStage.Factor(Math.Min(parallel, context.Targets.Count)):0.00}x " +
                $"the expected time for a stage of {Math.Min(parallel, context.Targets.Count)}.");
        }

        for (var start = 0; start < context.Targets.Count; start += parallel)
        {
            var members = Math.Min(parallel, context.Targets.Count - start);
            var slowest = link with { Timing = timing with { Expected = TimeSpan.FromSeconds(Math.Round(timing.Expected.TotalSeconds * SlowestOfStage.Factor(members))) } };
            var batch = context.Targets.Skip(start).Take(parallel).Select(t => context.AddChain(t, pool, [slowest], entry)).ToArray();
            var stageNumber = (start / parallel) + 1;
            var barrier = context.Graph.Add(new Step
            {
                Index = context.Graph.Count,
                Id = $"{context.Spec.Id}:stage-{stageNumber}",
                Operation = context.Index,
                Kind = StepKind.Milestone,
                Action = "milestone",
                Dependencies = batch,
            });
            entry = [barrier];
            context.Sinks.Add(barrier);
        }
    }
}
