using System.Collections.Immutable;
using System.Globalization;
using Planner.Model;

namespace Simulator.Clusters;

/// <summary>
/// Writes a realistic fake cluster inventory (schemas/cluster.v1.schema.json) for demos, tests and benchmarks.
/// Objects are made one at a time and written at once, so a file of 100,000 load balancers never exists in
/// memory. Every choice comes from <see cref="Random"/>s seeded from the options (one per section, so that
/// changing the number of nodes does not change the load balancers), and times are relative to the options'
/// reference date: the same options give the same bytes.
/// </summary>
public static class ClusterGenerator
{
    internal const string MigrationModeAnnotation = "openstack.lcm.mirantis.com/instance_migration_mode";
    internal const string MigrationAttemptsAnnotation = "openstack.lcm.mirantis.com/instance_migration_attempts";

    private static readonly string[] ProjectWords =
    [
        "billing", "search", "ci", "web-frontend", "payments", "analytics", "auth", "catalog", "checkout", "media",
        "mail", "monitoring", "logging", "data-lake", "ml-platform", "iot", "edge-cache", "streaming", "crm", "support",
    ];

    private static readonly (string Name, string ApplyType, int MaxParallel)[] GroupTemplates =
    [
        ("edge-east", "parallel", 10), ("edge-west", "serial", 1), ("edge-north", "parallel", 20),
        ("edge-south", "parallel", 4), ("edge-central", "parallel", 50), ("edge-lab", "parallel", 8),
    ];

    private static readonly ImmutableSortedDictionary<string, string> Health = new Dictionary<string, string>
    {
        ["octavia/api"] = "Ready", ["octavia/worker"] = "Ready", ["octavia/health-manager"] = "Ready", ["octavia/housekeeping"] = "Ready",
        ["keystone/api"] = "Ready", ["neutron/server"] = "Ready", ["nova/api"] = "Ready", ["nova/scheduler"] = "Ready",
        ["glance/api"] = "Ready", ["cinder/api"] = "Ready",
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>Writes the cluster file to <paramref name="output"/> (which stays open).</summary>
    /// <exception cref="ArgumentException">The options have problems (see <see cref="ClusterGeneratorOptions.Problems"/>).</exception>
    public static void Write(ClusterGeneratorOptions options, Stream output)
    {
        if (options.Problems() is [var problem, ..])
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var reference = new DateTimeOffset(options.ReferenceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        using IClusterWriter writer = options.Format == ClusterFileFormat.Json ? new JsonClusterWriter(output) : new YamlClusterWriter(output);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"A generated cluster: {options.LoadBalancers} load balancer(s), {options.Nodes} node(s), {options.Subclouds} subcloud(s).");
        writer.WriteHeader(options.Name, "RegionOne", description, options.Command);
        if (options.LoadBalancers > 0 || options.Nodes > 0)
        {
            var random = Section(options, 1);
            writer.WriteDeployment(new OpenStackDeployment(options.Name, "openstack", "APPLIED", Health, random.Next(0, 4)));
        }

        if (options.LoadBalancers > 0)
        {
            writer.BeginList("loadBalancers");
            WriteLoadBalancers(writer, options.LoadBalancers, Section(options, 2), reference);
            writer.EndList();
        }

        if (options.Nodes > 0)
        {
            writer.BeginList("nodes");
            WriteNodes(writer, options.Nodes, Section(options, 3));
            writer.EndList();
        }

        if (options.Subclouds > 0)
        {
            WriteSubclouds(writer, options.Subclouds, Section(options, 4), reference);
        }

        writer.Finish();
    }

    // One stream of choices per section, derived from the seed (System.Random's seeded sequence is stable).
    private static Random Section(ClusterGeneratorOptions options, int section) => new(unchecked((options.Seed * 7919) + section));

    private static void WriteLoadBalancers(IClusterWriter writer, int count, Random random, DateTimeOffset reference)
    {
        var projects = Projects(Math.Clamp(count / 40, 3, 400));
        var width = Width(count);
        for (var i = 0; i < count; i++)
        {
            // A few large projects, a long tail of small ones.
            var project = projects[(int)(projects.Length * Math.Pow(random.NextDouble(), 2))];
            var roll = random.NextDouble();
            var provider = roll < 0.85 ? "amphora" : roll < 0.95 ? "amphorav2" : "ovn";
            roll = random.NextDouble();
            var provisioning = roll < 0.96 ? "ACTIVE" : roll < 0.98 ? "ERROR" : "PENDING_UPDATE";
            var operating = provisioning switch
            {
                "ERROR" => "ERROR",
                "ACTIVE" when random.NextDouble() < 0.03 => "DEGRADED",
                _ => "ONLINE",
            };
            var id = SeededUuid.Next(random);
            var amphorae = provider == "ovn" ? [] : Amphorae(random, reference, provisioning == "ERROR");
            writer.WriteLoadBalancer(new LoadBalancer(id, $"lb-{project}-{Number(i + 1, width)}", project, provider, provisioning, operating, amphorae));
        }
    }

    // Active-standby (MASTER and BACKUP, created together) or single (STANDALONE); certificates expire within a year.
    private static ImmutableArray<Amphora> Amphorae(Random random, DateTimeOffset reference, bool failed)
    {
        var expires = reference.AddSeconds(random.NextInt64(0, 365L * 24 * 3600));
        var status = failed && random.NextDouble() < 0.5 ? "ERROR" : "ALLOCATED";
        return random.NextDouble() < 0.6
            ? [new Amphora(SeededUuid.Next(random), "MASTER", status, expires), new Amphora(SeededUuid.Next(random), "BACKUP", "ALLOCATED", expires)]
            : [new Amphora(SeededUuid.Next(random), "STANDALONE", status, expires)];
    }

    private static void WriteNodes(IClusterWriter writer, int count, Random random)
    {
        var control = count >= 3 ? 3 : 0;
        var gateways = count >= 6 ? Math.Clamp(count / 100, 2, 24) : 0;
        var computes = count - control - gateways;
        for (var i = 0; i < control; i++)
        {
            writer.WriteNode(Node($"ctl-{Number(i + 1, Width(control))}", "control-plane", "nova", 0, [], []));
        }

        for (var i = 0; i < gateways; i++)
        {
            writer.WriteNode(Node($"gtw-{Number(i + 1, Width(gateways))}", "gateway", "nova", 0, [], []));
        }

        var zones = Math.Clamp(1 + (computes / 8), 1, 8);
        var width = Width(computes);
        for (var i = 0; i < computes; i++)
        {
            var zone = $"az-{1 + ((long)i * zones / computes)}";
            var listed = random.NextDouble() < 0.04;
            var instances = listed ? Instances(random) : [];
            var instanceCount = listed ? instances.Length : (int)(31 * Math.Pow(random.NextDouble(), 1.5));
            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            var roll = random.NextDouble();
            if (roll < 0.03)
            {
                annotations[MigrationModeAnnotation] = "manual";
            }
            else if (roll < 0.05)
            {
                annotations[MigrationModeAnnotation] = "skip";
            }
            else if (roll < 0.07)
            {
                annotations[MigrationAttemptsAnnotation] = "5";
            }

            writer.WriteNode(Node($"cmp-{Number(i + 1, width)}", "compute", zone, instanceCount, instances, annotations));
        }
    }

    private static ImmutableArray<Instance> Instances(Random random)
    {
        var instances = ImmutableArray.CreateBuilder<Instance>();
        var count = random.Next(2, 7);
        for (var i = 0; i < count; i++)
        {
            var id = SeededUuid.Next(random);
            var project = ProjectWords[random.Next(ProjectWords.Length)];
            var status = random.NextDouble() < 0.9 ? "ACTIVE" : "SHUTOFF";
            var roll = random.NextDouble();
            var action = roll < 0.15 ? "notify" : roll < 0.25 ? "poweroff" : null;
            instances.Add(new Instance(id, $"vm-{project}-{i + 1}", status, action));
        }

        return instances.DrainToImmutable();
    }

    private static ClusterNode Node(string name, string role, string zone, int instanceCount, ImmutableArray<Instance> instances,
        IEnumerable<KeyValuePair<string, string>> annotations) =>
        new(name, [role], zone, instanceCount, instances, annotations.ToImmutableSortedDictionary(StringComparer.Ordinal));

    private static void WriteSubclouds(IClusterWriter writer, int count, Random random, DateTimeOffset reference)
    {
        var extra = count >= 10 ? Math.Min(GroupTemplates.Length, 1 + (count / 500)) : 0;
        var groups = new List<SubcloudGroup> { new("Default", "parallel", 2) };
        groups.AddRange(GroupTemplates.Take(extra).Select(g => new SubcloudGroup(g.Name, g.ApplyType, g.MaxParallel)));
        writer.BeginList("subcloudGroups");
        foreach (var group in groups)
        {
            writer.WriteSubcloudGroup(group);
        }

        writer.EndList();
        writer.BeginList("subclouds");
        var width = Width(count);
        for (var i = 0; i < count; i++)
        {
            // Four in ten stay in Default; the rest are spread over the other groups.
            var group = groups.Count == 1 || random.NextDouble() < 0.4 ? groups[0] : groups[1 + random.Next(groups.Count - 1)];
            var availability = random.NextDouble() < 0.02 ? "offline" : "online";
            var management = random.NextDouble() < 0.01 ? "unmanaged" : "managed";
            var sync = random.NextDouble() < 0.8 ? "out-of-sync" : "in-sync";
            var expiry = reference.AddSeconds(random.NextInt64(0, 365L * 24 * 3600));
            writer.WriteSubcloud(new Subcloud($"subcloud{Number(i + 1, width)}", group.Name, availability, management, sync, expiry));
        }

        writer.EndList();
    }

    private static string[] Projects(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i < ProjectWords.Length ? ProjectWords[i] : $"{ProjectWords[i % ProjectWords.Length]}-{(i / ProjectWords.Length) + 1}")];

    // Zero-padded numbers sort as names do: 2 digits at least, more for large counts.
    private static int Width(int count) => Math.Max(2, count.ToString(CultureInfo.InvariantCulture).Length);

    private static string Number(int value, int width) => value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
}
