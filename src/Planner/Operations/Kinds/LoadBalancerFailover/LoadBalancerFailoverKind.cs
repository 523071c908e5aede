using System.Collections.Immutable;
using Planner.Documents;
using Planner.Model;
using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>octavia.loadbalancer-failover</c>: one failover per selected LB, over a pool of workers. Defaults follow
/// Rockoon's failover job: 5 workers, 7 attempts 5 s apart with backoff 3, pause while more than 3 LBs failed,
/// ~1 min per failover (MOSK guide), up to 300 s to reach ACTIVE, ~30 s of downtime per LB.
/// </summary>
public sealed class LoadBalancerFailoverKind() : OperationKind("octavia.loadbalancer-failover", needsCluster: true, withSchema: "failoverWith", selectSchema: "loadBalancerSelect",
    actions: [FailoverAction])
{
    private const string Rockoon = ProcedureFigures.Rockoon.Source;
    private static readonly ImmutableArray<string> DefaultProviders = ["amphora", "amphorav2"];
    private static readonly ImmutableArray<string> DefaultStatuses = ["ACTIVE", "ERROR"];

    public const string FailoverAction = "failover";

    internal override Reports.KindReport Report(Reports.ReportInput input) => FailoverReport.Of(input);

    internal override void Expand(OperationContext context)
    {
        var select = context.Spec.Select;
        var afterRotation = LocatedString(select, "afterRotation");
        var followUp = afterRotation is { } after ? FailoverFollowUp.Source(context, after.Source) : null;
        var providers = Pick(context, "select.provider", StringValues(select, "provider"), DefaultProviders);
        var statuses = afterRotation is null || !StringValues(select, "provisioningStatus").IsDefaultOrEmpty
            ? Pick(context, "select.provisioningStatus", StringValues(select, "provisioningStatus"), DefaultStatuses)
            : AnyStatus(context);
        if (followUp is { } found)
        {
            context.Settings.Add(new Setting("select.afterRotation", $"failed (the Job of {found.Rotation.Spec.Id})", false));
        }

        var within = Duration(select, "certExpiresWithin");
        if (within is not null)
        {
            context.Settings.Add(new Setting("select.certExpiresWithin", DurationText.Format(within.Value), false));
        }

        var lbs = context.Cluster.LoadBalancers;
        var known = new Lazy<HashSet<string>>(() => lbs.SelectMany(lb => new[] { lb.Id, lb.Name }).ToHashSet(StringComparer.Ordinal));
        context.CheckKnown(Strings(select, "ids"), () => known.Value, "load balancer");
        context.CheckKnown(context.Spec.Exclude, () => known.Value, "load balancer", narrowsSelection: false);
        var ids = StringValues(select, "ids").ToHashSet(StringComparer.Ordinal);
        var projects = StringValues(select, "projects").ToHashSet(StringComparer.Ordinal);
        var excluded = context.Spec.Exclude.Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        var deadline = within is null ? (DateTimeOffset?)null : context.ReferenceTime + within.Value;
        var selected = new List<LoadBalancer>(lbs.Length);
        var sources = new List<int>(lbs.Length);   // per selected LB: the Job step it follows up, or -1
        context.Targets.EnsureCapacity(lbs.Length);
        // Each LB's verdict on every core (100,000 LBs in the large plan), then the lists in the cluster's order.
        var notFailedOver = followUp is { } rotation ? $"not failed over by the Job of {rotation.Rotation.Spec.Id}" : null;
        var jobStepOf = followUp?.JobStepOf;
        var reasons = ParallelRanges.Select(lbs.Length,
            i => jobStepOf is not null && jobStepOf[i] < 0 ? notFailedOver : SkipReason(lbs[i], providers, statuses, ids, projects, excluded, deadline));
        for (var i = 0; i < lbs.Length; i++)
        {
            var lb = lbs[i];
            if (reasons[i] is { } reason)
            {
                context.Skipped.Add(new SkippedTarget(lb.Id, lb.Name, reason));
            }
            else
            {
                selected.Add(lb);
                sources.Add(jobStepOf?[i] ?? -1);
                context.Targets.Add(new TargetRef(lb.Id, lb.Name));
            }
        }

        if (afterRotation is null)
        {
            context.RequireTargets("load balancers");
            FailoverFollowUp.RefuseTwice(context, selected);
        }
        else if (followUp is not null && selected.Count == 0)
        {
            // Not a mistake in select: the Job may simply leave nothing for a follow-up to do.
            context.Notes.Add("afterRotation: failed: none of the LBs the rotation's Job fails over is selected, so there is nothing to follow up.");
        }

        context.UseConcurrency(ProcedureFigures.Rockoon.Workers, $"{Rockoon}: LB_FAILOVER_MAX_WORKERS");
        var figure = ProcedureFigures.LoadBalancerFailover;
        var timing = context.UseTiming(
            new StepTiming(figure.Expected, ProcedureFigures.Rockoon.AttemptTimeout, ProcedureFigures.Rockoon.Tries, ProcedureFigures.Rockoon.FirstRetryDelay, ProcedureFigures.Rockoon.Backoff),
            Rockoon, expectedOrigin: figure.ExpectedOrigin);
        context.UsePolicy(new FailurePolicy(ProcedureFigures.Rockoon.MaxFailedAllowed, null, false, PolicyAction.Pause), $"{Rockoon}: LB_FAILOVER_MAX_FAILED_ALLOWED");
        var downtime = context.Use("impact.downtimePerTarget", context.Spec.Impact?.DowntimePerTarget, ProcedureFigures.DowntimePerLoadBalancer, ProcedureFigures.DowntimeSource, DurationText.Format);
        context.PerTarget = timing.Expected;
        var pool = context.AddConcurrencyPool("workers");
        int[] entry = [context.Entry];
        var link = new ChainLink(FailoverAction, timing, Downtime: downtime);
        ChainLink[] chain = [link], recoveryChain = [link with { Detail = "in ERROR: RECOVERY_FAILED if every attempt fails" }];
        context.Sinks.AddRange(context.AddChains(context.Targets, pool, i => selected[i].ProvisioningStatus == "ERROR" ? recoveryChain : chain, entry, runsIfFailed: sources));

        if (within is not null)
        {
            var soonest = selected
                .Select(lb => (lb, amphora: lb.Amphorae.Where(a => a.CertExpiration is not null).MinBy(a => a.CertExpiration)))
                .Where(x => x.amphora is not null)
                .Select(x => Certificates.CertificateSources.OfAmphora(x.lb, x.amphora!, context.Cluster.SourceFile));
            context.Tables.Add(Certificates.ExpiryTable.Build(soonest, context.ReferenceTime, "Certificate expiry (soonest amphora per load balancer)"));
        }

        if (followUp is { } followed && selected.Count > 0)
        {
            context.Notes.Add(FailoverFollowUp.Note(followed.Rotation, selected.Count));
        }

        var recovering = selected.Count(lb => lb.ProvisioningStatus == "ERROR");
        if (recovering > 0)
        {
            context.Notes.Add($"{recovering} load balancer(s) are in ERROR: a failover is their recovery; if it fails they end RECOVERY_FAILED.");
        }
    }

    private static ImmutableArray<string> Pick(OperationContext context, string name, ImmutableArray<string> planned, ImmutableArray<string> defaults)
    {
        var value = planned.IsDefaultOrEmpty ? defaults : planned;
        context.Settings.Add(new Setting(name, string.Join(", ", value), planned.IsDefaultOrEmpty, planned.IsDefaultOrEmpty ? Rockoon : null));
        return value;
    }

    // After a rotation the LBs' statuses at plan time say little: the Job's result decides.
    private static ImmutableArray<string> AnyStatus(OperationContext context)
    {
        context.Settings.Add(new Setting("select.provisioningStatus", "any", true, "afterRotation: the Job's result decides, not today's status"));
        return ["ACTIVE", "ERROR", "PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "DELETED"];
    }

    private static string? SkipReason(LoadBalancer lb, ImmutableArray<string> providers, ImmutableArray<string> statuses,
        HashSet<string> ids, HashSet<string> projects, HashSet<string> excluded, DateTimeOffset? deadline)
    {
        if (excluded.Contains(lb.Id) || excluded.Contains(lb.Name))
        {
            return "excluded by the plan";
        }

        if (ids.Count > 0 && !ids.Contains(lb.Id) && !ids.Contains(lb.Name))
        {
            return "not in select.ids";
        }

        // Octavia's provider name "octavia" is an alias of "amphora".
        if (!providers.Contains(lb.Provider) && !(lb.Provider == "octavia" && providers.Contains("amphora")))
        {
            return $"provider {lb.Provider} not selected";
        }

        if (!statuses.Contains(lb.ProvisioningStatus))
        {
            return $"provisioning status {lb.ProvisioningStatus} not selected";
        }

        if (projects.Count > 0 && !projects.Contains(lb.Project))
        {
            return $"project {lb.Project} not selected";
        }

        if (deadline is { } limit && lb.ProvisioningStatus != "ERROR")
        {
            var soonest = lb.Amphorae.Select(a => a.CertExpiration).Where(e => e is not null).Min();
            if (soonest is null)
            {
                return "no amphora certificate expiry known";
            }

            if (soonest > limit)
            {
                return "certificates valid beyond certExpiresWithin";
            }
        }

        return null;
    }
}
