using System.Collections.Immutable;
using System.Globalization;
using Planner.Documents;
using static Planner.Documents.NodeReader;

namespace Planner.Model;

/// <summary>
/// Builds the plan model from a document that has passed the plan schema, or whose only schema errors sit inside
/// some windows or operations: broken windows are left out and broken operations are marked, so that the
/// cross-reference checks still report every other problem in the same run.
/// </summary>
internal static class PlanBinder
{
    public static MaintenancePlan Bind(string file, YMapping root, Func<YNode, bool>? isBroken = null)
    {
        isBroken ??= _ => false;
        var metadata = Map(root, "metadata")!;
        var windows = ((YSequence)root["windows"]!).Items.Cast<YMapping>().Where(w => !isBroken(w)).Select(BindWindow);
        var clusters = Map(root, "clusters")!.Entries
            .Select(e => new ClusterReference(e.Key.Value, String((YMapping)e.Value, "file")!, ((YMapping)e.Value)["file"]!.Location));
        var operations = ((YSequence)root["operations"]!).Items
            .OfType<YMapping>()
            .Where(o => String(o, "id") is not null && String(o, "uses") is not null)
            .Select(o => BindOperation(o) with { HasSchemaErrors = isBroken(o) });
        return new MaintenancePlan(
            file,
            new PlanMetadata(String(metadata, "name") ?? "", String(metadata, "change"), String(metadata, "owner"), String(metadata, "description")),
            [.. windows],
            [.. clusters],
            [.. operations])
        {
            Budgets = Budgets(root),
        };
    }

    private static MaintenanceWindow BindWindow(YMapping window) =>
        new(String(window, "name"), Time(window, "start")!.Value, Duration(window, "duration")!.Value,
            Duration(window, "cutoff") ?? TimeSpan.Zero, window.Location, window["duration"]?.Location, window["cutoff"]?.Location, window["start"]?.Location);

    private static OperationSpec BindOperation(YMapping operation)
    {
        var duration = Map(operation, "duration");
        var retry = Map(operation, "retry");
        var policy = Map(operation, "failurePolicy");
        var impact = Map(operation, "impact");
        var approval = Map(operation, "approval");
        return new OperationSpec(
            String(operation, "id")!,
            String(operation, "uses")!,
            String(operation, "description"),
            LocatedString(operation, "cluster"),
            Strings(operation, "needs"),
            Map(operation, "select"),
            Strings(operation, "exclude"),
            LocatedInt(operation, "concurrency"),
            duration is null ? null : new DurationSpec(Duration(duration, "expected"), Duration(duration, "max"), duration.Location),
            retry is null ? null : new RetrySpec(Int(retry, "attempts"), Duration(retry, "delay"), Number(retry, "backoff"), retry.Location),
            policy is null ? null : BindPolicy(policy),
            impact is null ? null : new ImpactSpec(Duration(impact, "downtimePerTarget"), String(impact, "users"), String(impact, "workloads"), String(impact, "note")),
            approval is null ? null : new ApprovalSpec(String(approval, "message"), Duration(approval, "expectedWait"), Duration(approval, "timeout"), approval.Location),
            Map(operation, "with"),
            operation.Location,
            operation["id"]!.Location)
        {
            Budgets = Budgets(operation),
            // An operation the schema rejected is bound too (its references are still checked): read what is well-formed.
            RampUp = Map(operation, "rampUp") is { } ramp
                ? new RampUpSpec(Ints(ramp, "steps"), Duration(ramp, "waveTimeout"), ramp.Location)
                : null,
            Canary = Map(operation, "canary") is { } canary
                ? new CanarySpec(Int(canary, "targets") ?? 1, String(canary, "then") != "continue", String(canary, "message"),
                    Duration(canary, "expectedWait"), Duration(canary, "timeout"), canary.Location)
                : null,
        };
    }

    // Only well-formed budgets: those of an operation the schema rejected are read too, and that operation is not expanded.
    private static ImmutableArray<BudgetSpec> Budgets(YMapping owner) =>
        owner["budgets"] is YSequence budgets
            ? [.. budgets.Items.OfType<YMapping>().Select(b =>
            {
                var (count, percent) = CountOrPercent(b["max"] as YScalar);
                return String(b, "per") is { } per && (count is not null || percent is not null)
                    ? new BudgetSpec(per, count, percent, b.Location, b["max"]?.Location ?? b.Location)
                    : null;
            }).OfType<BudgetSpec>()]
            : [];

    // A count (3; the schema accepts 3.0 as an integer, so a whole float is a count too) or a percentage ('10%').
    private static (int? Count, double? Percent) CountOrPercent(YScalar? value)
    {
        int? count = value is { Kind: ScalarKind.Integer or ScalarKind.Float } ? (int)value.AsNumber() : null;
        double? percent = value is { Kind: ScalarKind.String } &&
            double.TryParse(value.Value.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        return (count, percent);
    }

    private static FailurePolicySpec BindPolicy(YMapping policy)
    {
        var (count, percent) = CountOrPercent(policy["maxErrors"] as YScalar);
        bool? reached = String(policy, "threshold") is { } threshold ? threshold == "reached" : null;
        PolicyAction? action = String(policy, "onExceeded") switch
        {
            "stop" => PolicyAction.Stop,
            "pause" => PolicyAction.Pause,
            "continue" => PolicyAction.Continue,
            _ => null,
        };
        return new FailurePolicySpec(count, percent, reached, action, policy.Location);
    }
}
