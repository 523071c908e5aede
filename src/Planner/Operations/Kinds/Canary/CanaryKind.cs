using static Planner.Documents.NodeReader;

namespace Planner.Operations.Kinds;

/// <summary>
/// <c>octavia.canary</c>: the charm guide's smoke test as a post-maintenance check: create a load balancer, wait
/// for ACTIVE/ONLINE, add listener, pool, health monitor and members, check, then delete it (unless kept).
/// </summary>
public sealed class CanaryKind() : OperationKind("octavia.canary", needsCluster: true, withSchema: "canaryWith", selectSchema: "noTargets",
    actions: ["create-loadbalancer", "create-listener", "create-pool", "create-healthmonitor", MemberActionPrefix + "*", "check-online", "delete"])
{
    /// <summary>Members are added one step each: add-member-1, add-member-2, ...</summary>
    public const string MemberActionPrefix = "add-member-";

    internal override void Expand(OperationContext context)
    {
        var with = context.Spec.With;
        var name = context.Use("name", String(with, "name"), "mplan-canary", "mplan default");
        context.Settings.Add(new Setting("vipSubnet", String(with, "vipSubnet")!, false));
        var protocol = context.Use("protocol", String(with, "protocol"), "HTTP", "mplan default");
        var port = context.Use("port", Int(with, "port"), 80, "mplan default");
        context.Use("lbAlgorithm", String(with, "lbAlgorithm"), "ROUND_ROBIN", "mplan default");
        var monitor = Map(with, "healthMonitor");
        context.Use("healthMonitor.type", String(monitor, "type"), protocol is "HTTP" or "HTTPS" ? protocol : "TCP", "mplan default");
        var keep = context.Use("keep", Bool(with, "keep"), false, "the canary is deleted after the check");
        var members = (with?["members"] as Documents.YSequence)?.Items.Count ?? 0;
        context.Settings.Add(new Setting("members", members.ToString(System.Globalization.CultureInfo.InvariantCulture), members == 0));

        var boot = context.UseTiming(StepTiming.Once(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)), "mplan default for creating the LB (amphora boot)", "mplan default");
        var quick = StepTiming.Once(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));
        var links = new List<ChainLink>
        {
            new("create-loadbalancer", boot, Detail: $"{name}; wait for ACTIVE"),
            new("create-listener", quick, Detail: $"{protocol}:{port}"),
            new("create-pool", quick),
            new("create-healthmonitor", quick),
        };
        for (var i = 1; i <= members; i++)
        {
            links.Add(new ChainLink($"{MemberActionPrefix}{i}", quick));
        }

        links.Add(new ChainLink("check-online", StepTiming.Once(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)), Detail: "operating status ONLINE"));
        if (!keep)
        {
            links.Add(new ChainLink("delete", StepTiming.Once(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)), Detail: "cascade delete"));
        }

        var target = new TargetRef(name, name);
        context.Targets.Add(target);
        context.PerTarget = TimeSpan.FromTicks(links.Sum(l => l.Timing.Expected.Ticks));
        context.Sinks.Add(context.AddChain(target, -1, links, [context.Entry]));
        if (members == 0)
        {
            context.Notes.Add("The canary has no members, so it checks provisioning only, not traffic.");
        }
    }
}
