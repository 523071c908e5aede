using System.Collections.Immutable;
using System.Globalization;
using Planner.Documents;
using Planner.Operations;
using static Planner.Documents.NodeReader;

namespace Executor.OpenStack;

/// <summary>A canary member: an address and port behind the canary's pool.</summary>
public sealed record CanaryMember(string Address, int Port);

/// <summary>What an <c>octavia.canary</c> operation builds, from its effective settings (defaults included).</summary>
public sealed record CanarySpec(
    string Name,
    string VipSubnet,
    string Protocol,
    int Port,
    string Algorithm,
    string MonitorType,
    TimeSpan MonitorDelay,
    TimeSpan MonitorTimeout,
    int MonitorRetries,
    ImmutableArray<CanaryMember> Members)
{
    /// <summary>Reads the expander's settings and the members and health-monitor timings from the plan's <c>with:</c>.</summary>
    public static CanarySpec From(ExpandedOperation operation)
    {
        string Setting(string name, string fallback) => operation.Settings.FirstOrDefault(s => s.Name == name)?.Value ?? fallback;
        var with = operation.Spec.With;
        var monitor = Map(with, "healthMonitor");
        var members = (with?["members"] as YSequence)?.Items.OfType<YMapping>()
            .Select(m => new CanaryMember(String(m, "address") ?? "", Int(m, "port") ?? 80))
            .ToImmutableArray() ?? [];
        return new CanarySpec(
            Setting("name", "mplan-canary"),
            Setting("vipSubnet", ""),
            Setting("protocol", "HTTP"),
            int.Parse(Setting("port", "80"), CultureInfo.InvariantCulture),
            Setting("lbAlgorithm", "ROUND_ROBIN"),
            Setting("healthMonitor.type", "HTTP"),
            Duration(monitor, "delay") ?? TimeSpan.FromSeconds(5),
            Duration(monitor, "timeout") ?? TimeSpan.FromSeconds(5),
            Int(monitor, "maxRetries") ?? 3,
            members);
    }
}
