using System.Net;
using System.Security.Cryptography;
using Planner.Model;
using Simulator.Behaviour;
using Simulator.Fakes.Keystone;

namespace Simulator.Fakes.Dcmanager;

/// <summary>
/// A fake StarlingX system controller on loopback: Keystone (<c>/v3</c>) and dcmanager (<c>/v1.0</c>) on one port, the
/// catalog pointing at itself, the subclouds and behaviour of a cluster file, and an orchestrator that turns every
/// 50 ms. The password is random per start; only <see cref="CloudsYaml"/> holds it.
/// </summary>
public sealed class FakeDcmanager : IAsyncDisposable
{
    /// <summary>The user the clouds.yaml entry authenticates as (admin on project admin, as dcmanager's policy wants).</summary>
    public const string User = "admin";

    private readonly FakeHost _host;
    private readonly DcmanagerApi _api;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _orchestrator;
    private readonly string _password;

    private FakeDcmanager(FakeHost host, DcmanagerModel model, DcmanagerApi api, FakeKeystone keystone, string password, TimeProvider time)
    {
        _host = host;
        _api = api;
        _password = password;
        Model = model;
        Keystone = keystone;
        _orchestrator = RunOrchestratorAsync(time, _stop.Token);
    }

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:41234/</c>; Keystone's auth_url is this plus <c>v3</c>.</summary>
    public Uri Url => _host.Url;

    public DcmanagerModel Model { get; }

    public FakeKeystone Keystone { get; }

    /// <summary>Every dcmanager request served, as <c>METHOD /path?query -> status</c>.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_api.Requests)
            {
                return [.. _api.Requests];
            }
        }
    }

    /// <summary>Starts the fake for <paramref name="cluster"/>.</summary>
    /// <param name="cluster">Its subclouds and groups.</param>
    /// <param name="behaviour">Its behaviour section (durations, faults).</param>
    /// <param name="release">The release to behave as.</param>
    /// <param name="listen">Where to listen (port 0: any free port).</param>
    /// <param name="speed">How many times faster than real time its updates, audits and deletions run.</param>
    /// <param name="time">The clock (the system's outside tests).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeDcmanager> StartAsync(ClusterInventory cluster, ClusterBehaviour behaviour, DcmanagerRelease release, IPEndPoint listen,
        double speed, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var model = new DcmanagerModel(cluster, behaviour, release, time, speed);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        Uri? url = null;
        var keystone = new FakeKeystone([new KeystoneUser(User, password, "admin", ["admin", "member", "reader"])],
            () => Catalog(url!), time);
        var api = new DcmanagerApi(model, keystone);
        var host = await FakeHost.StartAsync(listen, null, api.HandleAsync, cancellationToken);
        url = host.Url;
        return new FakeDcmanager(host, model, api, keystone, password, time);
    }

    /// <summary>A clouds.yaml with one cloud, <paramref name="cloudName"/>: password auth against this fake's Keystone.</summary>
    /// <param name="cloudName">The entry's name (the cluster's, by convention).</param>
    public string CloudsYaml(string cloudName) =>
        FakeKeystone.CloudsYaml("mplan fake dcmanager: a fake system controller on loopback", cloudName, Url, User, _password, "admin", "SystemController");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _orchestrator;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await _host.DisposeAsync();
        _stop.Dispose();
    }

    private static IReadOnlyList<CatalogService> Catalog(Uri url)
    {
        var dcmanager = url + "v1.0";
        var identity = url.ToString().TrimEnd('/');
        IReadOnlyList<CatalogEndpoint> All(string url) => [.. new[] { "admin", "internal", "public" }.Select(i => new CatalogEndpoint(i, "SystemController", url))];
        return [new CatalogService("identity", "keystone", All(identity)), new CatalogService("dcmanager", "dcmanager", All(dcmanager))];
    }

    private async Task RunOrchestratorAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50), time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            Model.Tick();
        }
    }
}
