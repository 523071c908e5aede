using Executor.Dcmanager;
using Executor.Drivers;
using Executor.Kinds;
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
        Func<string, string?> environment = context.Environment is { } variables ? name => variables.GetValueOrDefault(name) : Environment.GetEnvironmentVariable;
        return [ApplyKinds.DriversFor(plan, cluster => new DriverServices
        {
            Plan = plan,
            Cluster = cluster,
            Environment = environment,
            Octavia = Once(() => Octavia(loader, plan, cluster, connections.OsCloud)),
            Dcmanager = Once(() => Dcmanager(loader, plan, cluster, connections.OsCloud)),
            Run = connections.Run ?? new RunHandle(),
        })];
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

    private static Func<T> Once<T>(Func<T> make)
    {
        var lazy = new Lazy<T>(make, LazyThreadSafetyMode.ExecutionAndPublication);
        return () => lazy.Value;
    }
}
