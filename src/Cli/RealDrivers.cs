using System.Diagnostics.CodeAnalysis;
using Executor.Dcmanager;
using Executor.Drivers;
using Executor.Kinds;
using Executor.Kubernetes;
using Executor.OpenStack;
using Planner.Plans;

namespace Cli;

/// <summary>
/// The drivers <c>mplan apply</c> uses against real systems, from each kind's entry in <see cref="ApplyKinds"/>. A
/// cluster's OpenStack session is made, with the cloud its cluster file or <c>--os-cloud</c> names, the first time one
/// of its Octavia drivers is built, and shared by them.
/// </summary>
internal static class RealDrivers
{
    public static IReadOnlyList<IStepDriver> For(CliContext context, ResolvedPlan plan, Connections connections)
    {
        var loader = Loader(context);
        var environment = context.Variable;
        return [ApplyKinds.DriversFor(plan, cluster => new DriverServices
        {
            Plan = plan,
            Cluster = cluster,
            Environment = environment,
            Octavia = Once(() => Octavia(loader, plan, cluster, connections.OsCloud)),
            Dcmanager = Once(() => Dcmanager(loader, plan, cluster, connections.OsCloud)),
            Run = connections.Run ?? new RunHandle(),
            Kubernetes = Once(() => Kubernetes(plan, cluster, connections, environment)),
            KubePollInterval = KubePollInterval(environment),
        })];
    }

    /// <summary>
    /// Takes a Lease on every Kubernetes cluster the plan changes, so that a second operator's apply elsewhere is
    /// refused (<see cref="KubeLeaseHeldException"/>) while this one runs.
    /// </summary>
    public static async Task<IAsyncDisposable> LockClustersAsync(CliContext context, ResolvedPlan plan, Connections connections, CancellationToken cancellationToken)
    {
        var environment = context.Variable;
        var holder = $"{Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId} plan {plan.Plan.Metadata.Name}";
        var leases = new Leases();
        var clusters = plan.Operations.Where(o => ApplyKinds.Find(o.Spec.Uses)?.NeedsKubernetes == true).Select(o => o.Cluster).Distinct(StringComparer.Ordinal);
        try
        {
            foreach (var cluster in clusters)
            {
                var inventory = plan.Clusters.First(c => c.Name == cluster);
                var lease = await KubeLease.AcquireAsync(Kubernetes(plan, cluster, connections, environment).Mosk, inventory.Deployment?.Namespace ?? "openstack",
                    holder, TimeSpan.FromSeconds(60), TimeProvider.System, HolderIsGone, cancellationToken);
                leases.Add(lease);
                if (lease.TakenOverFrom is { } previous)
                {
                    await context.Error.WriteLineAsync($"mplan: cluster {cluster}: took over the Lease of {previous}: that run is gone");
                }
            }
        }
        catch
        {
            await leases.DisposeAsync();
            throw;
        }

        return leases;
    }

    // A holder on this machine whose process ended (a killed run being resumed) no longer holds the cluster. One on
    // another machine cannot be checked from here: its Lease must expire.
    private static bool HolderIsGone(string holder) =>
        System.Text.RegularExpressions.Regex.Match(holder, @"^(?<user>[^@ ]+)@(?<host>\S+) pid (?<pid>\d+)") is { Success: true } m
        && !new Executor.Journal.LockHolder(int.Parse(m.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["host"].Value,
            m.Groups["user"].Value, "", DateTimeOffset.UtcNow, null).SeemsAlive();

    private static KubeClients Kubernetes(ResolvedPlan plan, string cluster, Connections connections, Func<string, string?> environment) =>
        KubeConnector.Load(connections.Kubeconfig, environment).ConnectCluster(plan.Clusters.First(c => c.Name == cluster).Kubernetes, connections.KubeContext);

    private sealed class Leases : List<KubeLease>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var lease in this)
            {
                await lease.DisposeAsync();
            }
        }
    }

    /// <summary>Where OpenStack settings come from: the context's environment in tests, the process's otherwise.</summary>
    public static CloudConfigLoader Loader(CliContext context) => context.Environment is { } environment
        ? new CloudConfigLoader(environment, file => File.Exists(file) ? File.ReadAllBytes(file) : null, Directory.GetCurrentDirectory())
        : CloudConfigLoader.FromProcess();

    private static OctaviaAccess Octavia(CloudConfigLoader loader, ResolvedPlan plan, string cluster, string? cloudOption)
    {
        var inventory = plan.Clusters.First(c => c.Name == cluster);
        var cloud = loader.Load(OpenStackDrivers.CloudName(inventory, cloudOption));

        // Without Keystone (noauth, Octavia's noop drivers) no health manager reports ONLINE: the canary accepts
        // provisioning ACTIVE instead and says so.
        var options = new OctaviaDriverOptions { AcceptOfflineOperatingStatus = cloud.AuthKind == AuthKind.None };
        return new OctaviaAccess(new OctaviaClient(new OpenStackSession(cloud), options.Reads), options);
    }

    // dcmanager wants a project-scoped token (admin or services); the cloud's entry says which project.
    private static DcmanagerClient Dcmanager(CloudConfigLoader loader, ResolvedPlan plan, string cluster, string? cloudOption)
    {
        var inventory = plan.Clusters.First(c => c.Name == cluster);
        var cloud = loader.Load(OpenStackDrivers.CloudName(inventory, cloudOption));
        return new DcmanagerClient(new OpenStackSession(cloud, serviceType: "dcmanager"));
    }

    // The drivers' waits watch; a watch that failed (a refused connection, a failed list) is tried again after this
    // (default 2 s, as the waits once polled). A rehearsal against 'mplan fake kubernetes --speed N' may shorten it
    // with MPLAN_KUBE_POLL_INTERVAL (e.g. 200ms).
    private static TimeSpan KubePollInterval(Func<string, string?> environment) =>
        environment("MPLAN_KUBE_POLL_INTERVAL") is { Length: > 0 } text && Planner.Documents.DurationText.TryParse(text, out var interval) && interval > TimeSpan.Zero
            ? interval
            : TimeSpan.FromSeconds(2);

    // The annotation is Lazy<T>'s own (its other constructor makes a T itself); this one never does.
    private static Func<T> Once<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(Func<T> make)
    {
        var lazy = new Lazy<T>(make, LazyThreadSafetyMode.ExecutionAndPublication);
        return () => lazy.Value;
    }
}
