using System.Collections.Immutable;
using System.Runtime;
using System.Security.Cryptography;
using System.Text;
using Planner.Diagnostics;
using Planner.Documents;
using Planner.Estimation;
using Planner.Model;
using Planner.Operations;
using Planner.Schema;
using Planner.Scheduling;

namespace Planner.Plans;

/// <summary>
/// The planning pipeline: read the plan, check it against its schema, bind it, load its clusters, expand the
/// operations into the graph, and estimate. Every problem is collected; nothing is thrown for bad input.
/// </summary>
public static class PlanBuilder
{
    /// <summary>Bump when the meaning of a resolved plan changes, so old saved plans are refused.</summary>
    public const string FormatVersion = "1";

    /// <param name="planPath">The plan file.</param>
    /// <param name="files">Where files are read from.</param>
    /// <param name="clusterOverrides">Cluster files given on the command line (<c>--cluster NAME=FILE</c>), by name.</param>
    /// <param name="diagnostics">Receives every error and warning.</param>
    /// <param name="estimate">False for <c>validate</c>, which needs everything but the schedule.</param>
    /// <param name="willSchedule">True for a caller that estimates the plan itself (<see cref="Estimate"/>): the scheduler's
    /// loops are compiled on the other core while the plan expands, as when <paramref name="estimate"/> is true.</param>
    public static ResolvedPlan? Build(string planPath, IFileSource files, IReadOnlyDictionary<string, string> clusterOverrides,
        DiagnosticBag diagnostics, bool estimate = true, bool willSchedule = false)
    {
        PrepareValidators();
        files = new ReadAheadFiles(files, clusterOverrides.Values);
        var inputs = new List<InputFile>();
        var planDiagnostics = new DiagnosticBag();
        var root = LoadDocument(planPath, "plan", files, DocumentLimits.Plan, SchemaCatalog.Plan, inputs, planDiagnostics,
            new SourceLocation(planPath, 0, 0), "check the plan's path", allowPartial: true);
        diagnostics.AddRange(planDiagnostics.Items);
        if (root is null)
        {
            return null;
        }

        var broken = PartialDocument.BrokenItems(root, planDiagnostics.Items.Where(d => d.IsError));
        if (broken is null)
        {
            return null;
        }

        var plan = PlanBinder.Bind(planPath, root, broken.Contains);
        foreach (var uses in plan.Operations.Select(o => o.Uses).Distinct(StringComparer.Ordinal))
        {
            OperationKinds.Find(uses)?.Prepare();
        }
        foreach (var name in clusterOverrides.Keys.Where(n => plan.Clusters.All(c => c.Name != n)).Order(StringComparer.Ordinal))
        {
            diagnostics.Error(DiagnosticCodes.UnknownCluster, new SourceLocation(planPath, 0, 0), $"--cluster names {DiagnosticText.Quote(name)}, which the plan does not declare",
                $"the plan's clusters are: {string.Join(", ", plan.Clusters.Select(c => c.Name))}");
        }

        var clusters = new Dictionary<string, ClusterInventory>(StringComparer.Ordinal);
        var loaded = new Dictionary<string, LoadedCluster>(StringComparer.Ordinal);
        foreach (var reference in plan.Clusters)
        {
            var isOverridden = clusterOverrides.TryGetValue(reference.Name, out var overridden);
            var path = isOverridden ? overridden! : Path.Combine(Path.GetDirectoryName(planPath) ?? "", reference.File);
            var role = $"cluster:{reference.Name}";
            if (loaded.TryGetValue(path, out var earlier))
            {
                // Several clusters in one file: load, check and bind it once; report what it said for each, as before.
                inputs.Add(earlier.Input with { Role = role });
                diagnostics.AddRange(earlier.Diagnostics);
                if (earlier.Inventory is not null)
                {
                    clusters[reference.Name] = earlier.Inventory with { Name = reference.Name };
                }

                continue;
            }

            // An unreadable file named on the command line is not the plan's fault: report it without a plan position.
            var firstDiagnostic = diagnostics.Items.Count;
            ClusterInventory? bound = null;
            var bindDiagnostics = new DiagnosticBag();
            void Bind(YMapping root) => bound = ClusterBinder.Bind(reference.Name, path, root, bindDiagnostics);
            var clusterRoot = isOverridden
                ? LoadDocument(path, role, files, DocumentLimits.Cluster, SchemaCatalog.Cluster, inputs, diagnostics,
                    new SourceLocation(path, 0, 0), $"check the path given with --cluster {reference.Name}=FILE", bindAlongside: Bind)
                : LoadDocument(path, role, files, DocumentLimits.Cluster, SchemaCatalog.Cluster, inputs, diagnostics,
                    reference.Source, "fix the cluster's file path (relative to the plan), or pass --cluster NAME=FILE", bindAlongside: Bind);
            var inventory = clusterRoot is null ? null : bound;
            if (inventory is not null)
            {
                diagnostics.AddRange(bindDiagnostics.Items);
                clusters[reference.Name] = inventory;
            }

            if (inputs.Count > 0 && inputs[^1].Role == role)
            {
                loaded[path] = new LoadedCluster(inputs[^1], inventory, [.. diagnostics.Items.Skip(firstDiagnostic)]);
            }
        }

        ReclaimDocumentTrees();
        if (estimate || willSchedule)
        {
            HotPaths.PrepareAlongside(typeof(Scheduler), typeof(VirtualRun), typeof(FixedDurationModel));
        }

        var (graph, operations) = PlanExpander.Expand(plan, clusters, diagnostics);
        if (diagnostics.HasErrors)
        {
            return null;
        }

        var resolved = new ResolvedPlan
        {
            Plan = plan,
            Clusters = [.. plan.Clusters.Select(c => clusters[c.Name])],
            Graph = graph,
            Operations = operations,
            Estimate = new PlanEstimate(TimeSpan.Zero, TimeSpan.Zero, [], [], new WindowFit(true, TimeSpan.Zero, 0, false, null, true), new ImpactSummary(TimeSpan.Zero, 0, 0, 0), 0),
            Inputs = [.. inputs],
            Sha256 = HashInputs(inputs),
            Warnings = [.. diagnostics.Sorted().Where(d => !d.IsError)],
        };
        return estimate ? Estimate(resolved, diagnostics) : resolved;
    }

    /// <summary>
    /// Estimates a plan built with <c>estimate: false</c>, adding its warnings to <paramref name="diagnostics"/> (the
    /// same bag <see cref="Build"/> filled). <c>mplan plan</c> calls it itself, to build the simulation profile alongside.
    /// </summary>
    /// <param name="plan">The plan, not yet estimated.</param>
    /// <param name="diagnostics">The bag that holds the plan's diagnostics so far.</param>
    public static ResolvedPlan Estimate(ResolvedPlan plan, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var estimated = Estimator.Estimate(plan.Plan, plan.Graph, plan.Operations);
        RateControlCost.WarnOfLateWaves(plan.Plan, estimated, diagnostics);
        return plan.WithEstimate(estimated, [.. diagnostics.Sorted().Where(d => !d.IsError)]);
    }

    /// <summary>
    /// The cluster files' document trees are garbage once bound, but only a full collection reclaims them; left alone
    /// they are still there while the expansion, the scheduler runs and the Monte Carlo allocate, and the 100k-LB
    /// plan's peak went over 500 MB. One collection when the heap is large (about 0.06 s there); small plans skip it.
    /// With its load balancers read without nodes (LoadBalancerItemReader) that plan's heap is ~125 MB here: skipping
    /// the collection moved it into the expansion, 60 ms later and no shorter. A process that runs in a no-GC region
    /// (<c>mplan plan</c>: the whole run fits in memory) is left to it: a collection would end the region.
    /// </summary>
    private static void ReclaimDocumentTrees()
    {
        if (ShouldReclaim(GC.GetTotalMemory(forceFullCollection: false), GCSettings.LatencyMode))
        {
            GC.Collect();
        }
    }

    internal static bool ShouldReclaim(long heapBytes, GCLatencyMode mode)
    {
        const long LargeHeap = 64L << 20;
        return heapBytes > LargeHeap && mode != GCLatencyMode.NoGCRegion;
    }

    /// <summary>
    /// Starts compiling the plan and cluster validators on another core, for a caller that will build a plan soon:
    /// <see cref="Build"/> does it too, but the earlier it starts, the less of it the reading of the files waits for.
    /// </summary>
    public static void PrepareValidators() => SchemaCatalog.Prepare(SchemaCatalog.Plan, SchemaCatalog.Cluster);

    /// <summary>Loads and checks one cluster file on its own (for <c>mplan certs scan</c> and inventory tools).</summary>
    public static ClusterInventory? LoadCluster(string path, IFileSource files, DiagnosticBag diagnostics)
    {
        var root = LoadDocument(path, "cluster", files, DocumentLimits.Cluster, SchemaCatalog.Cluster, [], diagnostics,
            new SourceLocation(path, 0, 0), "check the cluster file's path");
        if (root is null)
        {
            return null;
        }

        var name = (root["metadata"] as YMapping)?["name"] is YScalar scalar ? scalar.Value : path;
        var inventory = ClusterBinder.Bind(name, path, root, diagnostics);
        return diagnostics.HasErrors ? null : inventory;
    }

    /// <summary>
    /// Loads and checks a behaviour file (<c>kind: Behaviour</c>) against its schema; the simulator binds it.
    /// <paramref name="namedAt"/> is where a cluster file names it (null: on the command line), for the error when it
    /// cannot be read.
    /// </summary>
    public static YMapping? LoadBehaviour(string path, IFileSource files, DiagnosticBag diagnostics, SourceLocation? namedAt = null) =>
        LoadDocument(path, "behaviour", files, DocumentLimits.Cluster, SchemaCatalog.Behaviour, [], diagnostics,
            namedAt ?? new SourceLocation(path, 0, 0),
            namedAt is null ? "check the behaviour file's path (mplan calibrate --out writes one)" : "fix the behaviour file's path (relative to the cluster file; mplan calibrate --out writes one)");

    private static YMapping? LoadDocument(string path, string role, IFileSource files, DocumentLimits limits, string schema,
        List<InputFile> inputs, DiagnosticBag diagnostics, SourceLocation unreadableAt, string unreadableHint, bool allowPartial = false,
        Action<YMapping>? bindAlongside = null)
    {
        var bytes = files.TryRead(path, out var error);
        if (bytes is null)
        {
            diagnostics.Error(DiagnosticCodes.FileUnreadable, unreadableAt, $"cannot read {DiagnosticText.PathText(path)}: {error}", unreadableHint);
            return null;
        }

        inputs.Add(new InputFile(role, path, files is ReadAheadFiles ahead ? ahead.Sha256Of(path, bytes) : ReadAheadFiles.Hash(bytes)));
        var before = diagnostics.Items.Count(d => d.IsError);
        // A cluster file's load balancers are read straight into the inventory's objects (ClusterBinder.ItemReaderFor).
        var root = DocumentLoader.Load(path, bytes, limits, diagnostics, schema == SchemaCatalog.Cluster ? ClusterBinder.ItemReaderFor : null);
        if (root is null)
        {
            return null;
        }

        if (root is not YMapping mapping)
        {
            var found = root switch
            {
                YSequence => "a list",
                YScalar { Kind: ScalarKind.Null } => "an empty document",
                _ => $"a single {root.TypeName} value",
            };
            diagnostics.Error(DiagnosticCodes.WrongType, root.Location, $"expected a mapping at the top of the file, found {found}",
                $"a {ExpectedKind(schema) switch { "Cluster" => "cluster file", "Behaviour" => "behaviour file", _ => "plan" }} starts with 'apiVersion: mplan/v1' and 'kind: {ExpectedKind(schema)}'");
            return null;
        }

        if (mapping["kind"] is YScalar { Value: var kind } kindNode && ExpectedKind(schema) is var expected && kind != expected && kind is "MaintenancePlan" or "Cluster" or "Behaviour")
        {
            diagnostics.Error(DiagnosticCodes.WrongKind, kindNode.Location, $"this is a {kind} file, but a {expected} was expected here",
                expected switch
                {
                    "Cluster" => "point clusters.<name>.file at a cluster inventory, not a plan",
                    "Behaviour" => "give --behaviour the file mplan calibrate wrote",
                    _ => "give mplan the plan file; cluster files are referenced from it",
                });
            return null;
        }

        // Binding reads the tree as validation does: on the second core it costs no time. Its result counts only for a
        // document that passed, so what it makes of one that did not (even an exception) is dropped.
        var binding = bindAlongside is null ? null : Task.Run(() => bindAlongside(mapping));
        SchemaCatalog.Validator(schema).Validate(mapping, diagnostics);
        var valid = diagnostics.Items.Count(d => d.IsError) == before;
        try
        {
            binding?.GetAwaiter().GetResult();
        }
        catch (Exception) when (!valid)
        {
        }

        return allowPartial || valid ? mapping : null;
    }

    /// <summary>A cluster file as read, checked and bound, for the other clusters the plan reads from the same path.</summary>
    private sealed record LoadedCluster(InputFile Input, ClusterInventory? Inventory, ImmutableArray<Diagnostic> Diagnostics);

    private static string ExpectedKind(string schema) => schema switch
    {
        SchemaCatalog.Plan => "MaintenancePlan",
        SchemaCatalog.Behaviour => "Behaviour",
        _ => "Cluster",
    };

    private static string HashInputs(List<InputFile> inputs)
    {
        var text = new StringBuilder($"mplan-resolved-plan/{FormatVersion}\n");
        foreach (var input in inputs.OrderBy(i => i.Role, StringComparer.Ordinal))
        {
            text.Append(input.Role).Append(' ').Append(input.Sha256).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
